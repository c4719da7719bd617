package org.arcodec.internal.nn;

/** How networks see an 8-bit sample: value v in 0..255 as {@code v / 127.5 - 1}, in [-1, 1]. */
public final class PixelScale {
    private static final double[] SCALED = new double[OutputHead.VALUES];

    static {
        for (int v = 0; v < SCALED.length; v++) {
            SCALED[v] = v / 127.5 - 1;
        }
    }

    private PixelScale() {
    }

    /** {@code v / 127.5 - 1} for v in 0..255. */
    public static double of(int value) {
        return SCALED[value];
    }
}
