package org.arcodec.internal.image;

import org.arcodec.ColorType;
import org.arcodec.Palette;

/**
 * The layout a decoded image will have as a {@link org.arcodec.RasterImage}: colour type, bits
 * per sample and, for a palette image, its palette.
 *
 * @param palette the palette of a {@link ColorType#PALETTE} layout, null otherwise
 */
record ImageLayout(ColorType colorType, int bitDepth, Palette palette) {

    int channels() {
        return colorType.channels();
    }

    @Override
    public String toString() {
        return describe(colorType, bitDepth);
    }

    /** Words for a layout in messages, such as "8-bit gray+alpha" or "4-bit palette". */
    static String describe(ColorType colorType, int bitDepth) {
        return bitDepth + "-bit " + name(colorType);
    }

    static String name(ColorType colorType) {
        return switch (colorType) {
            case GRAY -> "gray";
            case GRAY_ALPHA -> "gray+alpha";
            case RGB -> "RGB";
            case RGBA -> "RGBA";
            case PALETTE -> "palette";
        };
    }
}
