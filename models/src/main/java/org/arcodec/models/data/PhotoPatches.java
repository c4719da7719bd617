package org.arcodec.models.data;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.RasterImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Square training patches cut from a directory of images: the photograph corpus that
 * scripts/build-photo-corpus.sh leaves under {@code .cache/corpus/photos/} (models/corpus/README.md),
 * or a user's own images for {@code arcodec train}. Every file named like an image the codec reads
 * (PNG, PNM, BMP, TIFF) is used, whatever its layout: gray images count as R = G = B, alpha is
 * left out, palettes are looked up, and samples of fewer than 8 bits are scaled to 0..255.
 *
 * <p>The split is by photograph, so that validation patches come from pictures never trained on:
 * of the file names sorted (over all directories given, so that one picture at several scales
 * falls in one split), every {@value #VALIDATION_EVERY}th (starting with the
 * {@value #VALIDATION_OFFSET}th, counting from 0) is held out for validation. Patches are drawn
 * at uniformly random positions of a uniformly random photograph of their split, and training
 * patches are mirrored left to right with probability 1/2. Samples are stored pixel by pixel
 * (R, G, B together), rows top to bottom; a grayscale patch holds the luma
 * round(0.299 R + 0.587 G + 0.114 B) (ITU-R BT.601).
 */
public final class PhotoPatches {
    static final int VALIDATION_EVERY = 7;
    static final int VALIDATION_OFFSET = 3;
    private static final Set<String> EXTENSIONS = Set.of("png", "pgm", "ppm", "pnm", "pam", "bmp", "tif", "tiff");

    private final List<String> names;
    private final List<int[][]> photos;   // [y][x] packed 0xRRGGBB
    private final long pixels;
    private final boolean color;

    private PhotoPatches(List<String> names, List<int[][]> photos, boolean color) {
        this.names = names;
        this.photos = photos;
        this.color = color;
        long count = 0;
        for (int[][] p : photos) {
            count += (long) p.length * p[0].length;
        }
        this.pixels = count;
    }

    /** The training photographs of the corpus in {@code dir}. */
    public static PhotoPatches train(Path dir) throws IOException {
        return read(List.of(dir), false);
    }

    /** The held-out photographs of the corpus in {@code dir}. */
    public static PhotoPatches validation(Path dir) throws IOException {
        return read(List.of(dir), true);
    }

    /**
     * The training images of several directories, for example one picture set at several scales.
     * The split goes by file name over all of them, so a name held out in one is held out in all.
     */
    public static PhotoPatches train(List<Path> dirs) throws IOException {
        return read(dirs, false);
    }

    /** The held-out images of several directories (see {@link #train(List)}). */
    public static PhotoPatches validation(List<Path> dirs) throws IOException {
        return read(dirs, true);
    }

    private static PhotoPatches read(List<Path> dirs, boolean validation) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IOException(dir + ": no such directory" + (dir.getParent() != null
                        && dir.getParent().endsWith("corpus") && dir.getFileName().toString().startsWith("photos")
                        ? " (run scripts/build-photo-corpus.sh first)" : ""));
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(PhotoPatches::isImageName).sorted().forEach(files::add);
            }
        }
        List<String> distinct = files.stream().map(f -> f.getFileName().toString()).distinct().sorted().toList();
        if (distinct.size() <= VALIDATION_OFFSET) {
            throw new IOException(String.join(", ", dirs.stream().map(Path::toString).toList()) + ": "
                    + distinct.size() + (dirs.size() == 1 ? " images" : " distinct image names")
                    + " (PNG, PNM, BMP or TIFF), need at least " + (VALIDATION_OFFSET + 1) + ": of the "
                    + (dirs.size() == 1 ? "files" : "names") + " sorted by name, every " + VALIDATION_EVERY
                    + "th from the " + (VALIDATION_OFFSET + 1) + "th is held out for validation");
        }
        List<String> names = new ArrayList<>();
        List<int[][]> photos = new ArrayList<>();
        boolean color = false;
        for (Path file : files) {
            int k = Collections.binarySearch(distinct, file.getFileName().toString());
            if ((k % VALIDATION_EVERY == VALIDATION_OFFSET) != validation) {
                continue;
            }
            RasterImage image;
            try {
                image = ImageFiles.read(file);
            } catch (ArcodecException e) {
                throw new IOException(e.getMessage(), e);
            }
            color |= image.channels() >= 3 || image.colorType() == ColorType.PALETTE;
            names.add(dirs.size() == 1 ? file.getFileName().toString()
                    : file.getParent().getFileName() + "/" + file.getFileName());
            photos.add(packedRgb(image));
        }
        return new PhotoPatches(names, photos, color);
    }

    private static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT))
                && Files.isRegularFile(file);
    }

    /** Rows of 0xRRGGBB. */
    private static int[][] packedRgb(RasterImage image) {
        int max = (1 << image.bitDepth()) - 1;
        int[][] rgb = new int[image.height()][image.width()];
        for (int y = 0; y < image.height(); y++) {
            for (int x = 0; x < image.width(); x++) {
                int r;
                int g;
                int b;
                switch (image.colorType()) {
                    case GRAY, GRAY_ALPHA -> r = g = b = image.sample(x, y, 0) * 255 / max;
                    case PALETTE -> {
                        int index = image.sample(x, y, 0);
                        r = image.palette().red(index);
                        g = image.palette().green(index);
                        b = image.palette().blue(index);
                    }
                    default -> {
                        r = image.sample(x, y, 0);
                        g = image.sample(x, y, 1);
                        b = image.sample(x, y, 2);
                    }
                }
                rgb[y][x] = r << 16 | g << 8 | b;
            }
        }
        return rgb;
    }

    public List<String> names() {
        return List.copyOf(names);
    }

    public int count() {
        return photos.size();
    }

    /** Whether any image of this split has colour (RGB, RGBA or a palette). */
    public boolean hasColor() {
        return color;
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
        for (int k = 0; k < photos.size(); k++) {
            if (photos.get(k).length < side || photos.get(k)[0].length < side) {
                throw new IllegalArgumentException(names.get(k) + " is " + photos.get(k)[0].length + "x"
                        + photos.get(k).length + ", smaller than the patch side " + side);
            }
        }
        int size = side * side * channels;
        byte[] out = new byte[Math.multiplyExact(count, size)];
        for (int n = 0; n < count; n++) {
            int[][] photo = photos.get(random.nextInt(photos.size()));
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
