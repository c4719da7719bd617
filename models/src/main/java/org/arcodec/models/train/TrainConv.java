package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.made.Ordering;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Trains a fully convolutional autoregressive network (PixelCNN, Gated PixelCNN or PixelCNN++ as
 * {@link org.arcodec.internal.conv.ConvArchitecture} builds them; see {@link ConvNetGraph}) on
 * Fashion-MNIST or on patches of the photograph corpus ({@link TrainingData}) with
 * {@link TrainingLoop}, and exports it as an {@code arch=conv} weight file. {@code --init FILE}
 * starts from a weight file of the same architecture instead of random weights (fine-tuning).
 *
 * <pre>
 * scripts/train.sh TrainConv --graph gated_pixelcnn --features 32 --depth 5 --softmax --epochs 4 --out gated.arcm
 * scripts/train.sh TrainConv --graph pixelcnn_pp --photos .cache/corpus/photos --channels 3 --out photo.arcm
 * </pre>
 */
public final class TrainConv implements Trainable {
    /** Images per forward pass when measuring bpd: activations of a deep net at 28x28 are large. */
    private static final int EVAL_BATCH = 50;
    private final TrainOptions o;
    private final TrainingData data;
    private ConvNetGraph graph;

    private TrainConv(TrainOptions options, TrainingData data) {
        this.o = options;
        this.data = data;
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
        TrainingData data = TrainingData.load(o);
        new TrainingLoop(o, data, new TrainConv(o, data)).run();
    }

    /**
     * Trains as {@code arcodec train} asks: {@code options} as for {@link #main}, {@code command}
     * the command line to record in the weight file's {@code train_command} meta.
     *
     * @return the best epoch's weight file (in the checkpoint directory), or null when no epoch finished
     * @throws IllegalArgumentException when the options or the data are not usable, saying why
     */
    public static Path train(List<String> options, String command, TrainingMonitor monitor) throws IOException {
        TrainOptions o = TrainOptions.parse(TrainConv.class, null, new int[0], options.toArray(new String[0]));
        if (o.graph == null) {
            throw new IllegalArgumentException("--graph pixelcnn|gated_pixelcnn|pixelcnn_pp is required");
        }
        o.command = command;
        TrainingData data = TrainingData.load(o);
        return new TrainingLoop(o, data, new TrainConv(o, data), monitor).run();
    }

    @Override
    public String describe() {
        return label() + ": graph=" + o.graph.label() + " features=" + o.features + " depth=" + o.depth + " output="
                + graph.outputLabel() + " nodes=" + graph.graph.nodes().size() + " seed=" + o.seed + ", "
                + data.width + "x" + data.height + "x" + data.channels + (o.init == null ? "" : ", from " + o.init);
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
        return label() + ", trained on " + data.subject + ", any size";
    }

    @Override
    public long parameterCount() {
        return o.graph.graph(data.channels, o.features, o.depth, ConvNetGraph.parameters(o.mixture, data.channels))
                .parameterCount();
    }

    @Override
    public SameDiff create(SameDiff loaded) {
        if (loaded == null && o.init != null) {
            graph = ConvNetGraph.fromWeightFile(WeightFile.read(o.init), data.height, data.width);
            if (graph.architecture != o.graph || graph.channels != data.channels || graph.features != o.features
                    || graph.depth != o.depth || graph.mixture != o.mixture) {
                throw new IllegalArgumentException(o.init + ": holds " + graph.architecture.label() + " C="
                        + graph.channels + " F=" + graph.features + " L=" + graph.depth + " " + graph.outputLabel()
                        + ", not the network the options ask for");
            }
            return graph.sameDiff();
        }
        graph = ConvNetGraph.create(o.graph, data.channels, o.features, o.depth, o.mixture, data.height, data.width,
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

    @Override
    public double batchBitsPerDim(INDArray[] features) {
        INDArray images = features[0];
        double nats = -graph.logProb(images).sumNumber().doubleValue();
        return nats / (images.size(0) * (double) data.height * data.width * data.channels * MadeEvaluation.LN2);
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
