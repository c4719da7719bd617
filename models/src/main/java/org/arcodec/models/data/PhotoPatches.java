package org.arcodec.models.data;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Square training patches cut from the photograph corpus that scripts/build-photo-corpus.sh
 * leaves under {@code .cache/corpus/photos/} (models/corpus/README.md).
 *
 * <p>The split is by photograph, so that validation patches come from pictures never trained on:
 * of the corpus files sorted by name, every {@value #VALIDATION_EVERY}th (starting with the
 * {@value #VALIDATION_OFFSET}th, counting from 0) is held out for validation. Patches are drawn
 * at uniformly random positions of a uniformly random photograph of their split, and training
 * patches are mirrored left to right with probability 1/2. Samples are stored pixel by pixel
 * (R, G, B together), rows top to bottom; a grayscale patch holds the luma
 * round(0.299 R + 0.587 G + 0.114 B) (ITU-R BT.601).
 */
public final class PhotoPatches {
    static final int VALIDATION_EVERY = 7;
    static final int VALIDATION_OFFSET = 3;

    private final List<String> names;
    private final List<int[][]> photos;   // [y][x] packed 0xRRGGBB
    private final long pixels;

    private PhotoPatches(List<String> names, List<int[][]> photos) {
        this.names = names;
        this.photos = photos;
        long count = 0;
        for (int[][] p : photos) {
            count += (long) p.length * p[0].length;
        }
        this.pixels = count;
    }

    /** The training photographs of the corpus in {@code dir}. */
    public static PhotoPatches train(Path dir) throws IOException {
        return read(dir, false);
    }

    /** The held-out photographs of the corpus in {@code dir}. */
    public static PhotoPatches validation(Path dir) throws IOException {
        return read(dir, true);
    }

    private static PhotoPatches read(Path dir, boolean validation) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is missing: run scripts/build-photo-corpus.sh first");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        if (files.size() <= VALIDATION_OFFSET) {
            throw new IOException(dir + ": " + files.size() + " photographs, need more than " + VALIDATION_OFFSET
                    + ": run scripts/build-photo-corpus.sh");
        }
        List<String> names = new ArrayList<>();
        List<int[][]> photos = new ArrayList<>();
        for (int k = 0; k < files.size(); k++) {
            if ((k % VALIDATION_EVERY == VALIDATION_OFFSET) != validation) {
                continue;
            }
            Path file = files.get(k);
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IOException(file + ": not a readable image");
            }
            int[][] rgb = new int[image.getHeight()][];
            for (int y = 0; y < rgb.length; y++) {
                rgb[y] = image.getRGB(0, y, image.getWidth(), 1, null, 0, image.getWidth());
            }
            names.add(file.getFileName().toString());
            photos.add(rgb);
        }
        return new PhotoPatches(names, photos);
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public int count() {
        return photos.size();
    }

    /** Pixels in all photographs of this split. */
    public long pixels() {
        return pixels;
    }

    /**
     * {@code count} patches of side x side pixels with {@code channels} (1 or 3) samples each,
     * one after the other, drawn from {@code random}.
     */
    public byte[] sample(int count, int side, int channels, boolean mirror, Random random) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("patches have 1 or 3 channels, not " + channels);
        }
        int size = side * side * channels;
        byte[] out = new byte[Math.multiplyExact(count, size)];
        for (int n = 0; n < count; n++) {
            int[][] photo = photos.get(random.nextInt(photos.size()));
            if (photo.length < side || photo[0].length < side) {
                throw new IllegalArgumentException("patch side " + side + " exceeds a " + photo[0].length + "x"
                        + photo.length + " photograph");
            }
            int top = random.nextInt(photo.length - side + 1);
            int left = random.nextInt(photo[0].length - side + 1);
            boolean flip = mirror && random.nextBoolean();
            int at = n * size;
            for (int y = 0; y < side; y++) {
                int[] row = photo[top + y];
                for (int x = 0; x < side; x++) {
                    int rgb = row[left + (flip ? side - 1 - x : x)];
                    int r = (rgb >> 16) & 0xFF;
                    int g = (rgb >> 8) & 0xFF;
                    int b = rgb & 0xFF;
                    if (channels == 3) {
                        out[at++] = (byte) r;
                        out[at++] = (byte) g;
                        out[at++] = (byte) b;
                    } else {
                        out[at++] = (byte) luma(r, g, b);
                    }
                }
            }
        }
        return out;
    }

    /** round(0.299 R + 0.587 G + 0.114 B) in integers: exact for every input. */
    static int luma(int r, int g, int b) {
        return (299 * r + 587 * g + 114 * b + 500) / 1000;
    }
}
