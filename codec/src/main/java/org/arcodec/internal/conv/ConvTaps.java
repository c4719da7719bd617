package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.ConvKind;
import org.arcodec.internal.conv.ConvGraph.Node;

/**
 * The kernel entries a convolution uses, in the order their terms are added: row i, then column
 * j, ascending, skipping the entries {@link ConvKind#uses} masks. Entry (i, j) reads the input
 * at (y + dy, x + dx) with dy = i - top and dx = j - left; its weights are the [cin, cout] block
 * at entry {@code i * fw + j} of the [fh, fw, cin, cout] tensor.
 */
final class ConvTaps {
    static final int DY = 0;
    static final int DX = 1;
    static final int ENTRY = 2;
    /** Ints per tap. */
    static final int STRIDE = 3;

    private ConvTaps() {
    }

    /** {dy, dx, entry} per used entry, flat. */
    static int[] of(Node conv) {
        ConvKind kind = conv.kind();
        int fh = conv.fh();
        int fw = conv.fw();
        int top = kind.top(fh);
        int left = kind.left(fw);
        int count = 0;
        for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
                count += kind.uses(fh, fw, i, j) ? 1 : 0;
            }
        }
        int[] taps = new int[STRIDE * count];
        int t = 0;
        for (int i = 0; i < fh; i++) {
            for (int j = 0; j < fw; j++) {
                if (kind.uses(fh, fw, i, j)) {
                    taps[t + DY] = i - top;
                    taps[t + DX] = j - left;
                    taps[t + ENTRY] = i * fw + j;
                    t += STRIDE;
                }
            }
        }
        return taps;
    }
}
