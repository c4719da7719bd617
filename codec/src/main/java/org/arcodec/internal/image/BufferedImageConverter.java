package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Palette;
import org.arcodec.RasterImage;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;

/**
 * Moves samples between ImageIO's {@link BufferedImage} and {@link RasterImage}, one raw sample at
 * a time through {@link Raster#getSamples}/{@link WritableRaster#setSamples}: no colour model is
 * ever applied, so values come through exactly whatever the storage (packed bits, interleaved
 * bytes, packed ints, separate planes).
 */
final class BufferedImageConverter {
    private BufferedImageConverter() {
    }

    /**
     * The samples of a decoded image in the given layout.
     *
     * @throws ArcodecException naming {@code source} when a palette index is outside the palette
     */
    static RasterImage toRasterImage(BufferedImage image, ImageLayout layout, String source) {
        Raster raster = image.getRaster();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int channels = layout.channels();
        if (raster.getNumBands() != channels) {
            throw new ArcodecException(source + ": decoded " + raster.getNumBands() + " bands for a "
                    + layout + " image");
        }
        byte[] samples = new byte[width * height * channels];
        int[] row = new int[width];
        int x0 = raster.getMinX();
        int y0 = raster.getMinY();
        for (int y = 0; y < height; y++) {
            int base = y * width * channels;
            for (int c = 0; c < channels; c++) {
                raster.getSamples(x0, y0 + y, width, 1, c, row);
                for (int x = 0, i = base + c; x < width; x++, i += channels) {
                    samples[i] = (byte) row[x];
                }
            }
        }
        if (layout.colorType() != ColorType.PALETTE) {
            return RasterImage.of(width, height, layout.colorType(), layout.bitDepth(), samples);
        }
        Palette palette = layout.palette();
        for (int i = 0; i < samples.length; i++) {
            if ((samples[i] & 0xFF) >= palette.size()) {
                throw new ArcodecException(source + ": pixel (" + i % width + ", " + i / width + ") uses palette index "
                        + (samples[i] & 0xFF) + ", but the palette has only " + palette.size() + " entries");
            }
        }
        return RasterImage.indexed(width, height, layout.bitDepth(), palette, samples);
    }

    /**
     * An image ImageIO writers understand, holding exactly the samples of {@code image}: a
     * component model (gray, gray+alpha, RGB, RGBA) over the sample array itself for 8-bit
     * layouts, an {@code IndexColorModel} for palettes and for 1/2/4-bit gray (a gray ramp, the
     * JDK's own representation of low-bit gray), with bit-packed rows below 8 bits.
     */
    static BufferedImage toBufferedImage(RasterImage image) {
        int width = image.width();
        int height = image.height();
        int bits = image.bitDepth();
        ColorType type = image.colorType();
        if (type != ColorType.PALETTE && bits == 8) {
            int channels = image.channels();
            int[] offsets = new int[channels];
            for (int c = 0; c < channels; c++) {
                offsets[c] = c;
            }
            DataBufferByte buffer = new DataBufferByte(image.samples(), image.samples().length);
            WritableRaster raster = Raster.createInterleavedRaster(buffer, width, height, width * channels,
                    channels, offsets, null);
            boolean alpha = type == ColorType.GRAY_ALPHA || type == ColorType.RGBA;
            ColorSpace space = ColorSpace.getInstance(type == ColorType.GRAY || type == ColorType.GRAY_ALPHA
                    ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB);
            ColorModel model = new ComponentColorModel(space, alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
            return new BufferedImage(model, raster, false, null);
        }
        IndexColorModel model = type == ColorType.PALETTE ? paletteModel(image.palette(), bits) : grayRamp(bits);
        WritableRaster raster = bits == 8
                ? Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, width, height, 1, null)
                : Raster.createPackedRaster(DataBuffer.TYPE_BYTE, width, height, 1, bits, null);
        byte[] samples = image.samples();
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                row[x] = samples[y * width + x] & 0xFF;
            }
            raster.setSamples(0, y, width, 1, 0, row);
        }
        return new BufferedImage(model, raster, false, null);
    }

    private static IndexColorModel paletteModel(Palette palette, int bits) {
        int size = palette.size();
        byte[] red = new byte[size];
        byte[] green = new byte[size];
        byte[] blue = new byte[size];
        byte[] alpha = new byte[size];
        for (int i = 0; i < size; i++) {
            red[i] = (byte) palette.red(i);
            green[i] = (byte) palette.green(i);
            blue[i] = (byte) palette.blue(i);
            alpha[i] = (byte) palette.alpha(i);
        }
        return palette.hasAlpha()
                ? new IndexColorModel(bits, size, red, green, blue, alpha)
                : new IndexColorModel(bits, size, red, green, blue);
    }

    private static IndexColorModel grayRamp(int bits) {
        int size = 1 << bits;
        byte[] levels = new byte[size];
        for (int i = 0; i < size; i++) {
            levels[i] = (byte) (i * 255 / (size - 1));
        }
        return new IndexColorModel(bits, size, levels, levels, levels);
    }
}
