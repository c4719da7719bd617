package org.arcodec;

import java.util.Arrays;
import java.util.Objects;

/**
 * The pixels the codec preserves: geometry, layout and every sample value, nothing else
 * (no colour profile, gamma or text metadata).
 *
 * <p>Samples are interleaved in raster order: sample {@code (y * width + x) * channels + c}
 * is channel {@code c} of the pixel at column x, row y. Each is stored unsigned in one byte
 * and is below {@code 2^bitDepth}; for a palette image it is an index below the palette size.
 * The sample array is shared, not copied: do not modify it after construction.
 */
public final class RasterImage {
    private final int width;
    private final int height;
    private final ColorType colorType;
    private final int bitDepth;
    private final Palette palette;
    private final byte[] samples;

    private RasterImage(int width, int height, ColorType colorType, int bitDepth, Palette palette,
                        byte[] samples) {
        this.width = width;
        this.height = height;
        this.colorType = Objects.requireNonNull(colorType, "colorType");
        this.bitDepth = bitDepth;
        this.palette = palette;
        this.samples = Objects.requireNonNull(samples, "samples");
        validate();
    }

    /** A gray, gray+alpha, RGB or RGBA image. */
    public static RasterImage of(int width, int height, ColorType colorType, int bitDepth, byte[] samples) {
        if (colorType == ColorType.PALETTE) {
            throw new IllegalArgumentException("a palette image needs its palette: use RasterImage.indexed");
        }
        return new RasterImage(width, height, colorType, bitDepth, null, samples);
    }

    /** A palette image: one index per pixel. */
    public static RasterImage indexed(int width, int height, int bitDepth, Palette palette, byte[] indices) {
        return new RasterImage(width, height, ColorType.PALETTE, bitDepth,
                Objects.requireNonNull(palette, "palette"), indices);
    }

    private void validate() {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be at least 1x1, got " + width + "x" + height);
        }
        if (!colorType.allowsBitDepth(bitDepth)) {
            throw new IllegalArgumentException(bitDepth + "-bit samples are not supported for " + colorType);
        }
        long expected = (long) width * height * colorType.channels();
        if (samples.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + colorType + " image needs "
                    + expected + " samples, got " + samples.length);
        }
        int limit = colorType == ColorType.PALETTE ? Math.min(palette.size(), 1 << bitDepth) : 1 << bitDepth;
        for (int i = 0; i < samples.length; i++) {
            if ((samples[i] & 0xFF) >= limit) {
                throw new IllegalArgumentException("sample " + i + " is " + (samples[i] & 0xFF)
                        + ", above the largest value " + (limit - 1) + " of this layout");
            }
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public ColorType colorType() {
        return colorType;
    }

    public int channels() {
        return colorType.channels();
    }

    public int bitDepth() {
        return bitDepth;
    }

    /** The palette of a {@link ColorType#PALETTE} image, null otherwise. */
    public Palette palette() {
        return palette;
    }

    /** Number of distinct values a sample can take: the palette size, or 2^bitDepth. */
    public int alphabetSize() {
        return colorType == ColorType.PALETTE ? palette.size() : 1 << bitDepth;
    }

    /** The interleaved samples (shared, not a copy). */
    public byte[] samples() {
        return samples;
    }

    public int sample(int x, int y, int channel) {
        return samples[(y * width + x) * colorType.channels() + channel] & 0xFF;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RasterImage o && o.width == width && o.height == height
                && o.colorType == colorType && o.bitDepth == bitDepth
                && Objects.equals(o.palette, palette) && Arrays.equals(o.samples, samples);
    }

    @Override
    public int hashCode() {
        return Objects.hash(width, height, colorType, bitDepth, palette) * 31 + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return width + "x" + height + " " + colorType + " " + bitDepth + "-bit"
                + (palette != null ? " (" + palette.size() + " colours)" : "");
    }
}
