package org.arcodec.cli;

import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.Palette;
import org.arcodec.RasterImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Small seeded images, and image and .arc files made from them, for the command tests. */
final class CliImages {
    private CliImages() {
    }

    /** Noise over the full range of the layout: the case a model cannot help with. */
    static RasterImage noise(int width, int height, ColorType colorType, int bitDepth, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] samples = new byte[width * height * colorType.channels()];
        int values = colorType == ColorType.PALETTE ? 5 : 1 << bitDepth;
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) random.nextInt(values);
        }
        if (colorType != ColorType.PALETTE) {
            return RasterImage.of(width, height, colorType, bitDepth, samples);
        }
        byte[] rgba = new byte[4 * values];
        random.nextBytes(rgba);
        return RasterImage.indexed(width, height, bitDepth, new Palette(rgba, false), samples);
    }

    /** A smooth-ish RGB image, which compresses to well under 8 bits per sample. */
    static RasterImage gradient(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] samples = new byte[width * height * 3];
        for (int i = 0; i < samples.length; i++) {
            int pixel = i / 3;
            samples[i] = (byte) ((pixel % width + pixel / width + 40 * (i % 3) + random.nextInt(3)) & 0xFF);
        }
        return RasterImage.of(width, height, ColorType.RGB, 8, samples);
    }

    /** Gray noise of 5x4 pixels, each repeated over a 3x2 block: 15x8 pixels. */
    static RasterImage grayIn3x2Blocks() {
        RasterImage small = noise(5, 4, ColorType.GRAY, 8, 4);
        byte[] samples = new byte[15 * 8];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 15; x++) {
                samples[y * 15 + x] = small.samples()[y / 2 * 5 + x / 3];
            }
        }
        return RasterImage.of(15, 8, ColorType.GRAY, 8, samples);
    }

    static Path writeImage(RasterImage image, Path file) {
        ImageFiles.write(image, file);
        return file;
    }

    /** An .arc file made with the library directly, so that it needs no image file support. */
    static Path writeArc(RasterImage image, Path file) throws IOException {
        ModelCatalog models = ModelCatalog.bundled();
        Files.write(file, Arcodec.compress(image, models.get(ModelCatalog.DEFAULT_MODEL)).bytes());
        return file;
    }
}
