package org.arcodec.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST as scripts/fetch-datasets.sh leaves it under {@code .cache/datasets/}, with the
 * fixed split every trainer uses: the first {@link #TRAIN_COUNT} training images to train on,
 * the last {@link #VALIDATION_COUNT} held out for early stopping, and the 10,000 test images
 * for the final benchmark only (never for tuning).
 */
public final class FashionMnist {
    /** Where fetch-datasets.sh puts the IDX files, relative to the repository root. */
    public static final Path DEFAULT_DIR = Path.of(".cache", "datasets", "fashion-mnist");
    public static final String TRAIN_FILE = "train-images-idx3-ubyte.gz";
    public static final String TEST_FILE = "t10k-images-idx3-ubyte.gz";
    public static final int TRAIN_FILE_COUNT = 60_000;
    public static final int TEST_COUNT = 10_000;
    /** The last 5,000 images of the training file. */
    public static final int VALIDATION_COUNT = 5_000;
    public static final int TRAIN_COUNT = TRAIN_FILE_COUNT - VALIDATION_COUNT;
    public static final int SIDE = 28;

    private FashionMnist() {
    }

    /** Training images 0..54,999. */
    public static IdxImages train(Path dir) throws IOException {
        return readChecked(dir.resolve(TRAIN_FILE), TRAIN_FILE_COUNT).slice(0, TRAIN_COUNT);
    }

    /** Training images 55,000..59,999, held out for early stopping. */
    public static IdxImages validation(Path dir) throws IOException {
        return readChecked(dir.resolve(TRAIN_FILE), TRAIN_FILE_COUNT).slice(TRAIN_COUNT, TRAIN_FILE_COUNT);
    }

    /** The 10,000 test images: for the final benchmark only. */
    public static IdxImages test(Path dir) throws IOException {
        return readChecked(dir.resolve(TEST_FILE), TEST_COUNT);
    }

    private static IdxImages readChecked(Path file, int expectedCount) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: run scripts/fetch-datasets.sh first");
        }
        IdxImages images = IdxImages.read(file);
        if (images.count() != expectedCount || images.rows() != SIDE || images.columns() != SIDE) {
            throw new IOException(file + ": expected " + expectedCount + " images of " + SIDE + " x " + SIDE
                    + ", got " + images.count() + " of " + images.rows() + " x " + images.columns());
        }
        return images;
    }
}
