package org.arcodec;

import java.util.Arrays;

/**
 * The colour table of a {@link ColorType#PALETTE} image: 1 to 256 entries of red, green, blue
 * and alpha, 8 bits each. {@code hasAlpha} says whether the source carried transparency
 * (a PNG tRNS chunk); without it every alpha is 255.
 */
public final class Palette {
    public static final int MAX_ENTRIES = 256;

    private final byte[] rgba;
    private final boolean hasAlpha;

    /**
     * @param rgba     4 bytes per entry (R, G, B, A), copied
     * @param hasAlpha whether the entries' alpha values are meaningful
     */
    public Palette(byte[] rgba, boolean hasAlpha) {
        if (rgba.length == 0 || rgba.length % 4 != 0 || rgba.length / 4 > MAX_ENTRIES) {
            throw new IllegalArgumentException(
                    "a palette needs 1 to 256 RGBA entries, got " + rgba.length + " bytes");
        }
        this.rgba = rgba.clone();
        this.hasAlpha = hasAlpha;
        if (!hasAlpha) {
            for (int i = 3; i < this.rgba.length; i += 4) {
                this.rgba[i] = (byte) 0xFF;
            }
        }
    }

    public int size() {
        return rgba.length / 4;
    }

    public boolean hasAlpha() {
        return hasAlpha;
    }

    public int red(int index) {
        return rgba[4 * index] & 0xFF;
    }

    public int green(int index) {
        return rgba[4 * index + 1] & 0xFF;
    }

    public int blue(int index) {
        return rgba[4 * index + 2] & 0xFF;
    }

    public int alpha(int index) {
        return rgba[4 * index + 3] & 0xFF;
    }

    /** A copy of the entries, 4 bytes each (R, G, B, A). */
    public byte[] toRgba() {
        return rgba.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Palette p && p.hasAlpha == hasAlpha && Arrays.equals(p.rgba, rgba);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rgba) * 31 + Boolean.hashCode(hasAlpha);
    }
}
