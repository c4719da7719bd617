package org.arcodec.models.train;

import org.arcodec.internal.weights.WeightFile;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a MADE on Fashion-MNIST (see {@link TrainingLoop}) and exports it as a weight file.
 * Connectivity-agnostic training: each minibatch draws one of {@code --masks} masks, all with the
 * same ordering; with one mask it is baked into the weights (see {@link MadeGraph}).
 *
 * <pre>
 * ./mvnw -q -pl models -am process-classes -Ptrain -Dexec.mainClass=org.arcodec.models.train.TrainMade \
 *   -Dexec.args="--ordering raster --masks 1 --hidden 500,250 --mixture 5 --epochs 8 --out made.arcm"
 * </pre>
 */
public final class TrainMade implements Trainable {
    private final MadeSpec spec;
    private final int[] order;
    private final List<MadeMasks> masks = new ArrayList<>();
    private final List<INDArray[]> maskArrays = new ArrayList<>();
    private MadeGraph graph;

    private TrainMade(MadeSpec spec) {
        this.spec = spec;
        this.order = spec.order();
        for (int i = 0; i < spec.masks(); i++) {
            masks.add(spec.mask(i));
            maskArrays.add(MadeGraph.maskArrays(spec, masks.get(i)));
        }
    }

    public static void main(String[] args) throws IOException {
        TrainOptions o = TrainOptions.parse(TrainMade.class, "made-fmnist", new int[] {500, 250}, args);
        MadeSpec spec = new MadeSpec(FashionMnist.SIDE, FashionMnist.SIDE, o.hidden, o.mixture, o.direct, o.ordering,
                o.masks, o.seed);
        new TrainingLoop(o, TrainingData.fashionMnist(o), new TrainMade(spec)).run();
    }

    @Override
    public String describe() {
        return spec.toString();
    }

    @Override
    public String label() {
        return "MADE " + spec.hiddenLabel().replace(',', '-') + (spec.direct() ? " + direct" : "") + ", "
                + (spec.softmax() ? "256-way softmax" : spec.mixture() + (spec.mixture() == 1 ? " logistic" : " logistics"))
                + ", " + spec.ordering().label() + (spec.masks() > 1 ? ", " + spec.masks() + " masks" : "");
    }

    @Override
    public long parameterCount() {
        return spec.parameterCount();
    }

    @Override
    public SameDiff create(SameDiff loaded) {
        if (loaded != null) {
            graph = MadeGraph.wrap(spec, loaded);
        } else {
            graph = MadeGraph.create(spec);
            if (MadeGraph.bakedMasks(spec)) {
                graph.applyMasks(maskArrays.get(0));
            }
        }
        return graph.sameDiff();
    }

    @Override
    public List<String> featureNames() {
        return MadeGraph.placeholderNames(spec);
    }

    @Override
    public INDArray[] features(INDArray images, Random random) {
        INDArray[] maskSet = maskArrays.get(random.nextInt(maskArrays.size()));
        INDArray[] features = new INDArray[featureNames().size()];
        features[0] = images;
        System.arraycopy(maskSet, 0, features, 1, features.length - 1);
        return features;
    }

    @Override
    public void afterStep(INDArray[] features) {
        if (MadeGraph.bakedMasks(spec)) {
            graph.applyMasks(maskArrays.get(0));
        }
    }

    @Override
    public double bitsPerDim(Batches images) {
        return MadeEvaluation.bitsPerDim(graph, maskArrays, images);
    }

    @Override
    public WeightFile.Builder export() {
        return MadeParameters.toWeightFile(spec, graph.weights(), order, masks);
    }

    /** Kept for the log lines of other tools. */
    static void log(String format, Object... args) {
        TrainingLoop.log(format, args);
    }
}
