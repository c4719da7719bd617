package org.arcodec.models.train;

import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.arcodec.models.made.Ordering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small MADE in SameDiff: causality, and export to the codec's weight file and inference. */
class MadeGraphTest {
    private static final int W = 4;
    private static final int H = 3;
    private static final int D = W * H;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static MadeSpec spec(int masks, boolean direct, int mixture, Ordering ordering) {
        return new MadeSpec(W, H, new int[] {16, 10}, mixture, direct, ordering, masks, 3);
    }

    /** A graph whose weights, biases included, are random enough to make every output differ. */
    private static MadeGraph randomGraph(MadeSpec spec) {
        Map<String, INDArray> weights = MadeGraph.initialWeights(spec);
        Random random = new Random(9);
        for (INDArray w : weights.values()) {
            float[] values = w.dup('c').data().asFloat();
            for (int k = 0; k < values.length; k++) {
                values[k] += (float) (random.nextGaussian() * 0.3);
            }
            w.assign(Nd4j.create(values, w.shape(), 'c'));
        }
        return MadeGraph.withWeights(spec, weights);
    }

    private static INDArray image(int[] values) {
        float[] x = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            x[i] = values[i] / 127.5f - 1f;
        }
        return Nd4j.create(x, new long[] {1, values.length}, 'c');
    }

    private static int[] randomValues(Random random) {
        int[] v = new int[D];
        for (int i = 0; i < D; i++) {
            v[i] = random.nextInt(256);
        }
        v[0] = 0;
        v[1] = 255;
        return v;
    }

    /** Changing sample k never changes the log-likelihood of a sample coded before k. */
    private static void assertCausal(MadeSpec spec) {
        MadeGraph graph = randomGraph(spec);
        int[] step = Ordering.steps(spec.order());
        List<INDArray[]> masks = new ArrayList<>();
        for (int i = 0; i < spec.masks(); i++) {
            masks.add(MadeGraph.maskArrays(spec, spec.mask(i)));
        }
        if (MadeGraph.bakedMasks(spec)) {
            graph.applyMasks(masks.get(0));
        }
        Random random = new Random(1);
        int[] values = randomValues(random);
        for (INDArray[] mask : masks) {
            int influential = 0;
            float[] before = graph.logProb(image(values), mask).dup('c').data().asFloat();
            for (int k = 0; k < D; k++) {
                int[] changed = values.clone();
                changed[k] = (values[k] + 101) % 256;
                float[] after = graph.logProb(image(changed), mask).dup('c').data().asFloat();
                int later = 0;
                for (int i = 0; i < D; i++) {
                    if (step[i] < step[k]) {
                        assertEquals(before[i], after[i], 0f, "sample " + i + " changed with sample " + k);
                    } else if (step[i] > step[k] && before[i] != after[i]) {
                        later++;
                    }
                }
                influential += later > 0 ? 1 : 0;
            }
            // Random masks of a tiny network can cut a sample off, but not most of them.
            assertTrue(influential > D / 2, "only " + influential + " samples influence later ones");
        }
    }

    @Test
    void bakedMaskIsCausal() {
        assertCausal(spec(1, false, 3, Ordering.RASTER));
    }

    @Test
    void fedMasksWithDirectConnectionsAreCausal() {
        assertCausal(spec(3, true, 2, Ordering.RANDOM));
    }

    @Test
    void softmaxIsCausal() {
        assertCausal(spec(1, true, 0, Ordering.EVENODD));
    }

    /**
     * The exported file reads back into the same graph, and the codec's inference on it gives the
     * same ideal code length per sample as SameDiff (float32 against the codec's doubles).
     */
    private static void assertCodecAgrees(MadeSpec spec) {
        MadeGraph graph = randomGraph(spec);
        int[] order = spec.order();
        List<MadeMasks> masks = new ArrayList<>();
        List<INDArray[]> maskArrays = new ArrayList<>();
        for (int i = 0; i < spec.masks(); i++) {
            masks.add(spec.mask(i));
            maskArrays.add(MadeGraph.maskArrays(spec, masks.get(i)));
        }
        if (MadeGraph.bakedMasks(spec)) {
            graph.applyMasks(maskArrays.get(0));
        }
        byte[] bytes = MadeParameters.toWeightFile(spec, graph.weights(), order, masks).meta("name", "made-test")
                .toBytes();
        WeightFile file = WeightFile.read(bytes, "made-test.arcm");
        MadeParameters.Loaded loaded = MadeParameters.fromWeightFile(file);
        assertArrayEquals(order, loaded.order());
        for (Map.Entry<String, INDArray> e : graph.weights().entrySet()) {
            assertEquals(e.getValue(), loaded.weights().get(e.getKey()), e.getKey());
        }

        int[] values = randomValues(new Random(4));
        double[][] perMask = new double[masks.size()][];
        for (int m = 0; m < masks.size(); m++) {
            perMask[m] = graph.logProb(image(values), maskArrays.get(m)).dup('c').data().asDouble();
        }
        AutoregressiveModel model = NetworkLoader.load(file);
        byte[] samples = new byte[D];
        for (int i = 0; i < D; i++) {
            samples[i] = (byte) values[i];
        }
        double[] codecBits = new double[D];
        model.open(new SampleLayout(W, H, 1, 256)).forEachConditional(samples, new QuantizedCdf(),
                (index, cdf) -> codecBits[index] = cdf.idealBits(values[index]));
        for (int i = 0; i < D; i++) {
            double[][] one = new double[masks.size()][1];
            for (int m = 0; m < masks.size(); m++) {
                one[m][0] = perMask[m][i];
            }
            double nd4jBits = -MadeEvaluation.combine(one, 1) / MadeEvaluation.LN2;
            assertEquals(nd4jBits, codecBits[i], 1e-3 * Math.max(1, nd4jBits), "sample " + i);
        }
    }

    @Test
    void exportAgreesWithCodecForOneMask() {
        assertCodecAgrees(spec(1, false, 3, Ordering.COLUMN));
    }

    @Test
    void exportAgreesWithCodecForSeveralMasksAndDirectConnections() {
        assertCodecAgrees(spec(2, true, 2, Ordering.RANDOM));
    }

    @Test
    void exportAgreesWithCodecForSoftmax() {
        assertCodecAgrees(spec(1, false, 0, Ordering.RASTER));
    }
}
