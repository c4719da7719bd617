package org.arcodec.models.train;

import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.data.IdxImages;
import org.arcodec.models.data.PhotoPatches;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * What a trainer learns from: training and validation images of one size and channel count, and
 * how the weight file's meta describes them. Fashion-MNIST (28x28, 1 channel) by default; with
 * {@code --photos DIR}, square patches of the images in DIR ({@link PhotoPatches}), with 3
 * channels when any of them has colour unless {@code --channels} says; with {@code --idx FILE},
 * the whole images of an IDX3 file, the last twelfth of them (at least one) held out.
 */
final class TrainingData {
    /** Validation patches when --val-limit does not say. */
    static final int DEFAULT_VALIDATION_PATCHES = 1_000;
    /** Of an IDX file's images, 1 in this many (the last ones) is held out, as Fashion-MNIST's 5,000 of 60,000. */
    static final int IDX_HOLD_OUT = 12;

    final Batches train;
    final Batches validation;
    final int height;
    final int width;
    final int channels;
    /** For the weight file's {@code trained_with} meta. */
    final String description;
    /** For the model's description: "Fashion-MNIST" or "photographs". */
    final String subject;

    private TrainingData(Batches train, Batches validation, int height, int width, int channels, String description,
                         String subject) {
        this.train = train;
        this.validation = validation;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.description = description;
        this.subject = subject;
    }

    /** Patches with --photos, an IDX file with --idx, else Fashion-MNIST. */
    static TrainingData load(TrainOptions o) throws IOException {
        if (!o.photos.isEmpty() && o.idx != null) {
            throw new IllegalArgumentException("--photos and --idx exclude each other");
        }
        return !o.photos.isEmpty() ? photos(o) : o.idx != null ? idx(o) : fashionMnist(o);
    }

    static TrainingData fashionMnist(TrainOptions o) throws IOException {
        if (!o.photos.isEmpty() || o.idx != null || o.channels > 1) {
            throw new IllegalArgumentException(o.trainer + " trains on Fashion-MNIST (1 channel) only; --photos and"
                    + " --channels are for convolutional networks");
        }
        return new TrainingData(new Batches(FashionMnist.train(o.data), o.trainLimit),
                    new Batches(FashionMnist.validation(o.data), o.validationLimit), FashionMnist.SIDE,
                    FashionMnist.SIDE, 1, "Fashion-MNIST train[0:55000] (validation train[55000:60000])",
                    "Fashion-MNIST");
    }

    private static TrainingData idx(TrainOptions o) throws IOException {
        if (o.channels > 1) {
            throw new IllegalArgumentException(o.idx + ": IDX images have 1 channel, not --channels " + o.channels);
        }
        IdxImages all = IdxImages.read(o.idx);
        if (all.count() < 2) {
            throw new IllegalArgumentException(o.idx + ": 1 image; training needs at least 2 (one is held out)");
        }
        int held = Math.max(1, all.count() / IDX_HOLD_OUT);
        int split = all.count() - held;
        return new TrainingData(new Batches(all.slice(0, split), o.trainLimit),
                new Batches(all.slice(split, all.count()), o.validationLimit), all.rows(), all.columns(), 1,
                String.format(Locale.ROOT, "%s images [0:%d] (validation [%d:%d])", o.idx.getFileName(), split, split,
                        all.count()), "the images of " + o.idx.getFileName());
    }

    private static TrainingData photos(TrainOptions o) throws IOException {
        PhotoPatches trainPhotos = PhotoPatches.train(o.photos);
        PhotoPatches validationPhotos = PhotoPatches.validation(o.photos);
        int channels = o.channels != 0 ? o.channels : trainPhotos.hasColor() || validationPhotos.hasColor() ? 3 : 1;
        int side = o.patch;
        int size = side * side * channels;
        int validationCount = o.validationLimit > 0 ? o.validationLimit : DEFAULT_VALIDATION_PATCHES;
        Random random = new Random(o.seed * 7_919 + 3);
        Batches validation = new Batches(validationPhotos.sample(validationCount, side, channels, false, random),
                validationCount, size);
        Batches train = new Batches(trainPhotos.sample(o.patches, side, channels, true, random), o.patches, size);
        String kind = channels == 3 ? "RGB" : "luma";
        return new TrainingData(train, validation, side, side, channels, String.format(Locale.ROOT,
                "%d %dx%d %s patches (mirrored at random) of %d images in %s (%.2f Mpx),"
                        + " validation %d patches of %d held-out images", o.patches, side, side, kind,
                trainPhotos.count(), String.join(" + ", o.photos.stream().map(Path::toString).toList()),
                trainPhotos.pixels() / 1e6, validationCount, validationPhotos.count()),
                (o.photos.get(0).endsWith(Path.of("corpus", "photos")) ? "photographs"
                        : "the images in " + o.photos.get(0).getFileName())
                        + (channels == 1 && trainPhotos.hasColor() ? " (luma)" : ""));
    }
}
