package org.arcodec.internal.format;

import java.util.Arrays;

/**
 * Pixels repeated in blocks, as nearest-neighbour upscaling leaves them: an image is
 * {@code blockWidth x blockHeight} blocked when every pixel equals the top-left pixel of its block,
 * the blocks starting at (0, 0) (the last column and row of blocks may be cut by the image's
 * edge). A file of such an image codes one pixel per block (docs/FORMAT.md, "Pixel blocks").
 */
record PixelBlocks(int blockWidth, int blockHeight) {
    /** Largest block side a header can record (one byte). */
    static final int MAX_SIDE = 255;
    static final PixelBlocks NONE = new PixelBlocks(1, 1);

    boolean isNone() {
        return blockWidth == 1 && blockHeight == 1;
    }

    int codedWidth(int width) {
        return ceilDiv(width, blockWidth);
    }

    int codedHeight(int height) {
        return ceilDiv(height, blockHeight);
    }

    /**
     * The largest block sides up to {@link #MAX_SIDE} (and the image's sides) that the image's
     * pixels are blocked by. Width and height are judged separately: column x repeats column x - 1
     * in every row, or row y row y - 1 in every column, wherever x or y is not a multiple of the side.
     */
    static PixelBlocks detect(byte[] samples, int width, int height, int channels) {
        int rowBytes = width * channels;
        boolean[] columnRepeats = new boolean[width];
        Arrays.fill(columnRepeats, 1, width, true);
        boolean[] rowRepeats = new boolean[height];
        for (int y = 0; y < height; y++) {
            int row = y * rowBytes;
            for (int x = 1; x < width; x++) {
                if (columnRepeats[x] && !Arrays.equals(samples, row + x * channels, row + (x + 1) * channels,
                        samples, row + (x - 1) * channels, row + x * channels)) {
                    columnRepeats[x] = false;
                }
            }
            rowRepeats[y] = y > 0 && Arrays.equals(samples, row, row + rowBytes,
                    samples, row - rowBytes, row);
        }
        return new PixelBlocks(largestSide(columnRepeats), largestSide(rowRepeats));
    }

    /** The largest side s such that repeats[i] holds wherever i is not a multiple of s. */
    private static int largestSide(boolean[] repeats) {
        for (int side = Math.min(MAX_SIDE, repeats.length); side > 1; side--) {
            boolean blocked = true;
            for (int i = 1; i < repeats.length && blocked; i++) {
                blocked = i % side == 0 || repeats[i];
            }
            if (blocked) {
                return side;
            }
        }
        return 1;
    }

    /** The top-left pixel of every block, in raster order. */
    byte[] shrink(byte[] samples, int width, int height, int channels) {
        int codedWidth = codedWidth(width);
        int codedHeight = codedHeight(height);
        byte[] coded = new byte[Math.multiplyExact(codedWidth * channels, codedHeight)];
        for (int cy = 0; cy < codedHeight; cy++) {
            int from = cy * blockHeight * width * channels;
            int to = cy * codedWidth * channels;
            for (int cx = 0; cx < codedWidth; cx++) {
                System.arraycopy(samples, from + cx * blockWidth * channels, coded, to + cx * channels, channels);
            }
        }
        return coded;
    }

    /** The image whose blocks repeat the coded pixels: the inverse of {@link #shrink}. */
    byte[] expand(byte[] coded, int width, int height, int channels) {
        int codedWidth = codedWidth(width);
        int rowBytes = width * channels;
        byte[] samples = new byte[Math.multiplyExact(rowBytes, height)];
        for (int y = 0; y < height; y++) {
            int row = y * rowBytes;
            if (y % blockHeight != 0) {
                System.arraycopy(samples, row - rowBytes, samples, row, rowBytes);
                continue;
            }
            int from = y / blockHeight * codedWidth * channels;
            for (int x = 0; x < width; x++) {
                System.arraycopy(coded, from + x / blockWidth * channels, samples, row + x * channels, channels);
            }
        }
        return samples;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
