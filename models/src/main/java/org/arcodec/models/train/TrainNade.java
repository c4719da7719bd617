package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.data.FashionMnist;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Trains a NADE on Fashion-MNIST (see {@link TrainingLoop}, {@link NadeGraph}) and exports it as a
 * weight file.
 *
 * <pre>
 * ./mvnw -q -pl models -am process-classes -Ptrain -Dexec.mainClass=org.arcodec.models.train.TrainNade \
 *   -Dexec.args="--hidden 100 --mixture 5 --epochs 8 --out nade.arcm"
 * </pre>
 */
public final class TrainNade implements Trainable {
    private static final int EVAL_BATCH = 100;
    private final TrainOptions o;
    private NadeGraph graph;

    private TrainNade(TrainOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws IOException {
        TrainOptions o = TrainOptions.parse(TrainNade.class, "nade-fmnist", new int[] {100}, args);
        if (o.hidden.length != 1 || o.masks != 1 || o.direct) {
            throw new IllegalArgumentException("NADE has one hidden layer (--hidden H), no masks and no --direct");
        }
        new TrainingLoop(o, TrainingData.fashionMnist(o), new TrainNade(o)).run();
    }

    @Override
    public String describe() {
        return "NADE " + FashionMnist.SIDE + "x" + FashionMnist.SIDE + " hidden=" + o.hidden[0] + " output="
                + (o.mixture == 0 ? "softmax" : "logistic_mixture:" + o.mixture) + " ordering=" + o.ordering.label()
                + " seed=" + o.seed;
    }

    @Override
    public String label() {
        return "NADE " + o.hidden[0] + ", " + (o.mixture == 0 ? "256-way softmax" : o.mixture + (o.mixture == 1 ? " logistic" : " logistics")) + ", "
                + o.ordering.label();
    }

    @Override
    public long parameterCount() {
        long d = (long) FashionMnist.SIDE * FashionMnist.SIDE;
        long p = o.mixture == 0 ? 256 : 3L * o.mixture;
        return d * o.hidden[0] + o.hidden[0] + d * p * o.hidden[0] + d * p;
    }

    @Override
    public SameDiff create(SameDiff loaded) {
        graph = NadeGraph.create(FashionMnist.SIDE, FashionMnist.SIDE, o.hidden[0], o.mixture, o.ordering, o.seed,
                loaded);
        return graph.sameDiff();
    }

    @Override
    public List<String> featureNames() {
        return List.of(NadeGraph.INPUT, NadeGraph.INPUT_STEPS);
    }

    @Override
    public INDArray[] features(INDArray images, Random random) {
        return graph.features(images);
    }

    @Override
    public double bitsPerDim(Batches images) {
        return bitsPerDim(graph, images);
    }

    static double bitsPerDim(NadeGraph graph, Batches images) {
        int[] all = images.identity();
        double nats = 0;
        // Small batches: NADE's hidden activations are [D, B, H], 31 MB per 100 images at H = 100.
        for (int from = 0; from < all.length; from += EVAL_BATCH) {
            int to = Math.min(all.length, from + EVAL_BATCH);
            nats -= graph.logProb(images.batch(all, from, to)).sumNumber().doubleValue();
        }
        return nats / ((double) all.length * images.imageSize() * MadeEvaluation.LN2);
    }

    @Override
    public WeightFile.Builder export() {
        return graph.export();
    }
}
