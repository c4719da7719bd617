package org.arcodec.models.train;

import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.data.PhotoPatches;

import java.io.IOException;
import java.util.Random;

/**
 * What a trainer learns from: training and validation images of one size and channel count, and
 * how the weight file's meta describes them. Fashion-MNIST (28x28, 1 channel) by default; with
 * {@code --photos DIR}, square patches of the photograph corpus ({@link PhotoPatches}).
 */
final class TrainingData {
    /** Validation patches when --val-limit does not say. */
    static final int DEFAULT_VALIDATION_PATCHES = 1_000;

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

    /** Photograph patches with --photos, else Fashion-MNIST. */
    static TrainingData load(TrainOptions o) throws IOException {
        return o.photos == null ? fashionMnist(o) : photos(o);
    }

    static TrainingData fashionMnist(TrainOptions o) throws IOException {
        if (o.photos != null || o.channels != 1) {
            throw new IllegalArgumentException(o.trainer + " trains on Fashion-MNIST (1 channel) only; --photos and"
                    + " --channels are for convolutional networks");
        }
        return new TrainingData(new Batches(FashionMnist.train(o.data), o.trainLimit),
                    new Batches(FashionMnist.validation(o.data), o.validationLimit), FashionMnist.SIDE,
                    FashionMnist.SIDE, 1, "Fashion-MNIST train[0:55000] (validation train[55000:60000])",
                    "Fashion-MNIST");
    }

    private static TrainingData photos(TrainOptions o) throws IOException {
        PhotoPatches trainPhotos = PhotoPatches.train(o.photos);
        PhotoPatches validationPhotos = PhotoPatches.validation(o.photos);
        int side = o.patch;
        int size = side * side * o.channels;
        int validationCount = o.validationLimit > 0 ? o.validationLimit : DEFAULT_VALIDATION_PATCHES;
        Random random = new Random(o.seed * 7_919 + 3);
        Batches validation = new Batches(validationPhotos.sample(validationCount, side, o.channels, false, random),
                validationCount, size);
        Batches train = new Batches(trainPhotos.sample(o.patches, side, o.channels, true, random), o.patches, size);
        String kind = o.channels == 3 ? "RGB" : "luma";
        return new TrainingData(train, validation, side, side, o.channels, String.format(java.util.Locale.ROOT,
                "%d %dx%d %s patches (mirrored at random) of %d corpus photographs (%.2f Mpx; models/corpus),"
                        + " validation %d patches of %d held-out photographs", o.patches, side, side, kind,
                trainPhotos.count(), trainPhotos.pixels() / 1e6, validationCount, validationPhotos.count()),
                o.channels == 3 ? "photographs" : "photographs (luma)");
    }
}
