package org.arcodec.models.train;

import org.arcodec.models.data.IdxImages;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Minibatches of images as [B, D] float arrays scaled to x = v / 127.5 - 1. */
final class Batches {
    private final byte[] pixels;
    private final int imageSize;
    private final int count;

    /** {@code count} images of {@code imageSize} samples each, one after the other. */
    Batches(byte[] pixels, int count, int imageSize) {
        if ((long) count * imageSize != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " bytes are not " + count + " images of " + imageSize);
        }
        this.pixels = pixels;
        this.count = count;
        this.imageSize = imageSize;
    }

    Batches(IdxImages images, int limit) {
        this.count = limit > 0 ? Math.min(limit, images.count()) : images.count();
        this.imageSize = images.imageSize();
        byte[] all = images.pixels();
        this.pixels = count == images.count() ? all : java.util.Arrays.copyOf(all, count * imageSize);
    }

    /** The first {@code n} images. */
    Batches first(int n) {
        return n == count ? this : new Batches(java.util.Arrays.copyOf(pixels, n * imageSize), n, imageSize);
    }

    int count() {
        return count;
    }

    int imageSize() {
        return imageSize;
    }

    /** Pixel value of image k at sample i. */
    int value(int image, int index) {
        return pixels[image * imageSize + index] & 0xFF;
    }

    /** Images {@code indices[from..to)} as a [to - from, D] batch. */
    INDArray batch(int[] indices, int from, int to) {
        float[] x = new float[(to - from) * imageSize];
        for (int b = from; b < to; b++) {
            int base = indices[b] * imageSize;
            int out = (b - from) * imageSize;
            for (int i = 0; i < imageSize; i++) {
                x[out + i] = (pixels[base + i] & 0xFF) / 127.5f - 1f;
            }
        }
        return Nd4j.create(x, new long[] {to - from, imageSize}, 'c');
    }

    /** 0, 1, ..., count - 1. */
    int[] identity() {
        int[] indices = new int[count];
        for (int k = 0; k < count; k++) {
            indices[k] = k;
        }
        return indices;
    }

    /** A permutation of the images drawn from {@code random}. */
    int[] shuffled(java.util.Random random) {
        int[] indices = identity();
        for (int k = count - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = indices[k];
            indices[k] = indices[j];
            indices[j] = t;
        }
        return indices;
    }
}
