package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.made.Ordering;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * Trains a fully convolutional autoregressive network (PixelCNN, Gated PixelCNN or PixelCNN++ as
 * {@link org.arcodec.internal.conv.ConvArchitecture} builds them; see {@link ConvNetGraph}) on
 * Fashion-MNIST with {@link TrainingLoop}, and exports it as an {@code arch=conv} weight file.
 *
 * <pre>
 * ./mvnw -q -pl models -am process-classes -Ptrain -Dexec.mainClass=org.arcodec.models.train.TrainConv \
 *   -Dexec.args="--graph gated_pixelcnn --features 32 --depth 5 --softmax --epochs 4 --out gated.arcm"
 * </pre>
 */
public final class TrainConv implements Trainable {
    /** Images per forward pass when measuring bpd: activations of a deep net at 28x28 are large. */
    private static final int EVAL_BATCH = 50;
    private final TrainOptions o;
    private ConvNetGraph graph;

    private TrainConv(TrainOptions options) {
        this.o = options;
    }

    public static void main(String[] args) throws IOException {
        TrainOptions o = TrainOptions.parse(TrainConv.class, null, new int[0], args);
        if (o.graph == null) {
            throw new IllegalArgumentException("--graph pixelcnn|gated_pixelcnn|pixelcnn_pp is required\n"
                    + TrainOptions.USAGE);
        }
        if (o.hidden.length != 0 || o.masks != 1 || o.direct || o.ordering != Ordering.RASTER) {
            throw new IllegalArgumentException("a convolutional network has --features and --depth, raster order,"
                    + " no --hidden, --masks or --direct");
        }
        new TrainingLoop(o, new TrainConv(o)).run();
    }

    @Override
    public String describe() {
        return label() + ": graph=" + o.graph.label() + " features=" + o.features + " depth=" + o.depth + " output="
                + graph.outputLabel() + " nodes=" + graph.graph.nodes().size() + " seed=" + o.seed + ", "
                + FashionMnist.SIDE + "x" + FashionMnist.SIDE;
    }

    @Override
    public String label() {
        String name = switch (o.graph) {
            case PIXELCNN -> "PixelCNN";
            case GATED_PIXELCNN -> "Gated PixelCNN";
            case PIXELCNN_PP -> "PixelCNN++";
        };
        return name + " F=" + o.features + " L=" + o.depth + ", "
                + (o.mixture == 0 ? "256-way softmax" : o.mixture + (o.mixture == 1 ? " logistic" : " logistics"));
    }

    @Override
    public String description() {
        return label() + ", trained on Fashion-MNIST, any size";
    }

    @Override
    public long parameterCount() {
        return o.graph.graph(1, o.features, o.depth, ConvNetGraph.parameters(o.mixture)).parameterCount();
    }

    @Override
    public SameDiff create(SameDiff loaded) {
        graph = ConvNetGraph.create(o.graph, o.features, o.depth, o.mixture, FashionMnist.SIDE, FashionMnist.SIDE,
                o.seed, loaded);
        return graph.sameDiff();
    }

    @Override
    public List<String> featureNames() {
        return List.of(ConvNetGraph.INPUT);
    }

    @Override
    public INDArray[] features(INDArray images, Random random) {
        return new INDArray[] {graph.input(images)};
    }

    @Override
    public double bitsPerDim(Batches images) {
        return bitsPerDim(graph, images);
    }

    static double bitsPerDim(ConvNetGraph graph, Batches images) {
        int[] all = images.identity();
        double nats = 0;
        for (int from = 0; from < all.length; from += EVAL_BATCH) {
            int to = Math.min(all.length, from + EVAL_BATCH);
            nats -= graph.logProb(graph.input(images.batch(all, from, to))).sumNumber().doubleValue();
        }
        return nats / ((double) all.length * images.imageSize() * MadeEvaluation.LN2);
    }

    @Override
    public WeightFile.Builder export() {
        return graph.export();
    }
}
