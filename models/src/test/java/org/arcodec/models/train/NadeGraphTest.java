package org.arcodec.models.train;

import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.arcodec.models.made.Ordering;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A small NADE in SameDiff: causality, and export to the codec's weight file and inference. */
class NadeGraphTest {
    private static final int W = 4;
    private static final int H = 3;
    private static final int D = W * H;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static NadeGraph graph(int mixture, Ordering ordering) {
        NadeGraph g = NadeGraph.create(W, H, 8, mixture, ordering, 5, null);
        Random random = new Random(2);
        for (var v : g.sameDiff().variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                INDArray arr = v.getArr();
                float[] values = arr.dup('c').data().asFloat();
                for (int k = 0; k < values.length; k++) {
                    values[k] += (float) (random.nextGaussian() * 0.3);
                }
                arr.assign(Nd4j.create(values, arr.shape(), 'c'));
            }
        }
        return g;
    }

    private static int[] values(Random random) {
        int[] v = new int[D];
        for (int i = 0; i < D; i++) {
            v[i] = random.nextInt(256);
        }
        v[2] = 0;
        v[5] = 255;
        return v;
    }

    private static INDArray image(int[] values) {
        float[] x = new float[D];
        for (int i = 0; i < D; i++) {
            x[i] = values[i] / 127.5f - 1f;
        }
        return Nd4j.create(x, new long[] {1, D}, 'c');
    }

    @Test
    void changingASampleNeverChangesEarlierSteps() {
        NadeGraph g = graph(3, Ordering.RANDOM);
        int[] step = Ordering.steps(g.order);
        int[] values = values(new Random(1));
        float[] before = g.logProb(image(values)).dup('c').data().asFloat();
        for (int k = 0; k < D; k++) {
            int[] changed = values.clone();
            changed[k] = (values[k] + 77) % 256;
            float[] after = g.logProb(image(changed)).dup('c').data().asFloat();
            for (int s = 0; s < D; s++) {
                if (s < step[k]) {
                    assertEquals(before[s], after[s], 0f, "step " + s + " changed with sample " + k);
                } else if (s > step[k]) {
                    assertTrue(before[s] != after[s], "step " + s + " ignores sample " + k);
                }
            }
        }
    }

    private static void assertCodecAgrees(NadeGraph g) {
        WeightFile file = WeightFile.read(g.export().meta("name", "nade-test").toBytes(), "nade-test.arcm");
        AutoregressiveModel model = NetworkLoader.load(file);
        int[] values = values(new Random(3));
        float[] nd4j = g.logProb(image(values)).dup('c').data().asFloat();
        byte[] samples = new byte[D];
        for (int i = 0; i < D; i++) {
            samples[i] = (byte) values[i];
        }
        double[] codecBits = new double[D];
        model.open(new SampleLayout(W, H, 1, 256)).forEachConditional(samples, new QuantizedCdf(),
                (index, cdf) -> codecBits[index] = cdf.idealBits(values[index]));
        for (int s = 0; s < D; s++) {
            double bits = -nd4j[s] / MadeEvaluation.LN2;
            assertEquals(bits, codecBits[g.order[s]], 1e-3 * Math.max(1, bits), "step " + s);
        }
    }

    @Test
    void weightFileReadsBackIntoTheSameGraph() {
        NadeGraph g = graph(2, Ordering.EVENODD);
        WeightFile file = WeightFile.read(g.export().meta("name", "nade-test").toBytes(), "nade-test.arcm");
        NadeGraph back = NadeGraph.fromWeightFile(file);
        INDArray x = image(values(new Random(8)));
        assertEquals(g.logProb(x), back.logProb(x));
    }

    @Test
    void exportAgreesWithCodecForMixture() {
        assertCodecAgrees(graph(3, Ordering.COLUMN));
    }

    @Test
    void exportAgreesWithCodecForSoftmax() {
        assertCodecAgrees(graph(0, Ordering.RASTER));
    }
}
