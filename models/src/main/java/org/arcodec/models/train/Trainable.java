package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Random;

/** What {@link TrainingLoop} needs from a model: its graph, its minibatch inputs and its export. */
interface Trainable {
    /** One line about the model, for the log. */
    String describe();

    long parameterCount();

    /** Creates the graph with fresh weights, or wraps one loaded from a checkpoint. */
    SameDiff create(SameDiff loaded);

    /** Placeholder names that {@link #features} fills, in order. */
    List<String> featureNames();

    /** The placeholder arrays for one minibatch of images ([B, D], raster order, scaled). */
    INDArray[] features(INDArray images, Random random);

    /** Called after every optimiser step (MADE re-applies a baked mask). */
    default void afterStep(INDArray[] features) {
    }

    /** Negative log-likelihood in bits per dimension, as the codec would compute it. */
    double bitsPerDim(Batches images);

    /** The same for one minibatch's {@link #features}; NaN where a model does not say. */
    default double batchBitsPerDim(INDArray[] features) {
        return Double.NaN;
    }

    /** The weight file of the current weights: tensors and architecture meta. */
    WeightFile.Builder export();

    /** A short label for descriptions, such as "MADE 500-250, 5 logistics, raster". */
    String label();

    /** The weight file's description: the label and what the model codes. */
    default String description() {
        return label() + ", Fashion-MNIST 28x28";
    }
}
