package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Palette;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.SampleModel;

/**
 * Decides which {@link ImageLayout} an ImageIO image has, from its colour model and sample
 * model alone, or refuses it when a {@link org.arcodec.RasterImage} cannot hold its samples
 * exactly (16-bit, floating point, CMYK, premultiplied alpha, packed 5-6-5, ...).
 *
 * <p>An {@code IndexColorModel} is ambiguous: ImageIO uses it for palettes and for 1/2/4-bit
 * gray alike. For PNG the IHDR colour type decides. For other formats an indexed image whose
 * colour table is exactly the opaque gray ramp of its bit depth (entry {@code i} is
 * {@code i * 255 / (2^bits - 1)}) is gray: that is how PBM, bilevel and 1/2/4-bit TIFF and gray
 * BMP files come back. The price is that a BMP or TIFF palette that happens to be that ramp reads
 * as gray, so the writers refuse to store such a palette in those formats.
 */
final class LayoutDetector {
    private LayoutDetector() {
    }

    /**
     * @param png the chunks of the PNG being read, or null for other formats
     * @throws ArcodecException naming {@code source} and the layout when it cannot be held exactly
     */
    static ImageLayout detect(ColorModel colorModel, SampleModel sampleModel, PngChunks png, String source) {
        int dataType = sampleModel.getDataType();
        if (dataType == DataBuffer.TYPE_FLOAT || dataType == DataBuffer.TYPE_DOUBLE) {
            throw refuse(source, "floating-point " + spaceName(colorModel) + " samples",
                    "convert to 8-bit integer samples");
        }
        if (colorModel instanceof IndexColorModel indexed) {
            return detectIndexed(indexed, sampleModel.getSampleSize(0), png, source);
        }
        int[] sizes = sampleModel.getSampleSize();
        int bits = sizes[0];
        for (int size : sizes) {
            if (size != bits) {
                throw refuse(source, spaceName(colorModel) + " images with " + joinSizes(sizes) + " bits per sample",
                        "convert to 8 bits per sample");
            }
        }
        ColorType type = componentType(colorModel);
        if (type == null) {
            throw refuse(source, bits + "-bit " + spaceName(colorModel) + " samples", "convert to RGB or gray");
        }
        boolean lowBitGray = type == ColorType.GRAY && (bits == 1 || bits == 2 || bits == 4);
        if (bits != 8 && !lowBitGray) {
            throw refuse(source, ImageLayout.describe(type, bits) + " samples", "convert to 8 bits per sample");
        }
        if (colorModel.isAlphaPremultiplied()) {
            throw refuse(source, "premultiplied (associated) alpha channels", "convert to straight alpha");
        }
        return new ImageLayout(type, bits, null);
    }

    private static ImageLayout detectIndexed(IndexColorModel model, int bits, PngChunks png, String source) {
        if (bits != 1 && bits != 2 && bits != 4 && bits != 8) {
            throw refuse(source, bits + "-bit palette indices", "reduce to at most 256 colours (8 bits)");
        }
        if (png != null) {
            return switch (png.colorType()) {
                case PngChunks.COLOR_GRAY -> new ImageLayout(ColorType.GRAY, bits, null);
                case PngChunks.COLOR_PALETTE -> new ImageLayout(ColorType.PALETTE, bits, png.palette(source));
                default -> throw new ArcodecException(source + ": PNG colour type " + png.colorType()
                        + " was decoded as an indexed image");
            };
        }
        // Entries past 2^bits cannot be indexed.
        int entries = Math.min(model.getMapSize(), 1 << bits);
        byte[] rgba = new byte[4 * entries];
        for (int i = 0; i < entries; i++) {
            rgba[4 * i] = (byte) model.getRed(i);
            rgba[4 * i + 1] = (byte) model.getGreen(i);
            rgba[4 * i + 2] = (byte) model.getBlue(i);
            rgba[4 * i + 3] = (byte) model.getAlpha(i);
        }
        Palette palette = new Palette(rgba, model.getTransparency() != Transparency.OPAQUE);
        return isGrayRamp(palette, bits)
                ? new ImageLayout(ColorType.GRAY, bits, null)
                : new ImageLayout(ColorType.PALETTE, bits, palette);
    }

    /**
     * Whether a palette is exactly the opaque gray ramp of its bit depth: {@code 2^bits} entries
     * running evenly from black to white. Read from a non-PNG file, that table means gray.
     */
    static boolean isGrayRamp(Palette palette, int bits) {
        int entries = 1 << bits;
        if (palette.size() != entries || palette.hasAlpha()) {
            return false;
        }
        for (int i = 0; i < entries; i++) {
            int v = i * 255 / (entries - 1);
            if (palette.red(i) != v || palette.green(i) != v || palette.blue(i) != v) {
                return false;
            }
        }
        return true;
    }

    private static ColorType componentType(ColorModel model) {
        int space = model.getColorSpace().getType();
        int colours = model.getNumColorComponents();
        boolean alpha = model.hasAlpha();
        if (space == ColorSpace.TYPE_GRAY && colours == 1) {
            return alpha ? ColorType.GRAY_ALPHA : ColorType.GRAY;
        }
        if (space == ColorSpace.TYPE_RGB && colours == 3) {
            return alpha ? ColorType.RGBA : ColorType.RGB;
        }
        return null;
    }

    private static String spaceName(ColorModel model) {
        ColorType type = componentType(model);
        if (type != null) {
            return ImageLayout.name(type);
        }
        String name = switch (model.getColorSpace().getType()) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_CMY -> "CMY";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "CIELab";
            case ColorSpace.TYPE_XYZ -> "XYZ";
            case ColorSpace.TYPE_HSV -> "HSV";
            default -> model.getNumColorComponents() + "-component colour";
        };
        return model.hasAlpha() ? name + "+alpha" : name;
    }

    private static String joinSizes(int[] sizes) {
        StringBuilder text = new StringBuilder();
        for (int size : sizes) {
            text.append(text.length() == 0 ? "" : "/").append(size);
        }
        return text.toString();
    }

    private static ArcodecException refuse(String source, String what, String advice) {
        return new ArcodecException(source + ": " + what + " are not supported; " + advice);
    }
}
