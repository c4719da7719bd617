package org.arcodec.models.train;

import org.arcodec.internal.conv.ConvArchitecture;
import org.arcodec.internal.conv.ConvGraph;
import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three architectures as SameDiff graphs on a 5x6 image: causality of the head's parameters,
 * export to a weight file and back, and agreement with the codec's own inference of that file.
 */
class ConvNetGraphTest {
    static final int H = 5;
    static final int W = 6;
    static final int D = H * W;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    static ConvNetGraph randomNet(ConvArchitecture architecture, int mixture, long seed) {
        return randomNet(architecture, mixture, seed, 0.3);
    }

    /** Initial weights plus Gaussian noise, so that every bias and unmasked weight is far from its start. */
    static ConvNetGraph randomNet(ConvArchitecture architecture, int mixture, long seed, double noise) {
        ConvNetGraph g = ConvNetGraph.create(architecture, 1, 8, 2, mixture, H, W, seed, null);
        addNoise(g, new Random(seed + 100), noise);
        return g;
    }

    static int[] values(Random random) {
        int[] v = new int[D];
        for (int i = 0; i < D; i++) {
            v[i] = random.nextInt(256);
        }
        v[1] = 0;
        v[7] = 255;
        return v;
    }

    /** A [1, H, W, 1] batch of one image given as raster-order values. */
    static INDArray image(int[] values) {
        float[] x = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            x[i] = values[i] / 127.5f - 1f;
        }
        return Nd4j.create(x, new long[] {1, H, W, 1}, 'c');
    }

    /** The head's parameters of a batch of images, [image][pixel][P], in one forward pass. */
    private static float[][][] head(ConvNetGraph g, int[][] images) {
        float[] x = new float[images.length * D];
        for (int b = 0; b < images.length; b++) {
            for (int i = 0; i < D; i++) {
                x[b * D + i] = images[b][i] / 127.5f - 1f;
            }
        }
        INDArray out = g.nodeValue(g.graph.output().id(), Nd4j.create(x, new long[] {images.length, H, W, 1}, 'c'));
        int p = (int) out.size(3);
        float[] flat = out.dup('c').data().asFloat();
        float[][][] params = new float[images.length][D][p];
        for (int b = 0; b < images.length; b++) {
            for (int i = 0; i < D; i++) {
                System.arraycopy(flat, (b * D + i) * p, params[b][i], 0, p);
            }
        }
        return params;
    }

    /**
     * Changing pixel k leaves the parameters of pixels 0..k (in raster order) bit-identical: the
     * parameters at k predict pixel k. The pixel to the right and the one below do see it. (Batch
     * entry k of the original and of the changed images are compared, so that both pass through
     * the same rows of every matrix product.)
     */
    @ParameterizedTest
    @EnumSource(ConvArchitecture.class)
    void headNeverSeesThePixelItPredictsOrLaterOnes(ConvArchitecture architecture) {
        ConvNetGraph g = randomNet(architecture, 2, 3);
        int[] values = values(new Random(1));
        int[][] originals = new int[D][];
        int[][] changed = new int[D][];
        for (int k = 0; k < D; k++) {
            originals[k] = values;
            changed[k] = values.clone();
            changed[k][k] = (values[k] + 101) % 256;
        }
        float[][][] before = head(g, originals);
        float[][][] after = head(g, changed);
        for (int k = 0; k < D; k++) {
            for (int i = 0; i <= k; i++) {
                assertArrayEquals(before[k][i], after[k][i], 0f, architecture + ": pixel " + i
                        + " changed with pixel " + k);
            }
            if ((k + 1) % W != 0) {
                assertFalse(Arrays.equals(before[k][k + 1], after[k][k + 1]), architecture + ": pixel " + (k + 1)
                        + " ignores pixel " + k + " on its left");
            }
            if (k + W < D) {
                assertFalse(Arrays.equals(before[k][k + W], after[k][k + W]), architecture + ": pixel " + (k + W)
                        + " ignores pixel " + k + " above it");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ConvArchitecture.class)
    void weightFileReadsBackIntoTheSameNetwork(ConvArchitecture architecture) {
        ConvNetGraph g = randomNet(architecture, architecture == ConvArchitecture.GATED_PIXELCNN ? 0 : 3, 5);
        WeightFile file = WeightFile.read(g.export().meta("name", "conv-test").toBytes(), "conv-test.arcm");
        assertEquals("conv", file.meta("arch"));
        assertEquals(architecture.label(), file.meta("graph"));
        assertEquals("1", file.meta("channels"));
        assertEquals("8", file.meta("features"));
        assertEquals("2", file.meta("depth"));
        assertEquals(g.outputLabel(), file.meta("output"));
        for (Node n : g.graph.nodes()) {
            if (n.op() == Op.CONV && ConvNetGraph.masked(n.kind())) {
                float[] w = file.floats(n.weightName());
                int per = w.length / (n.fh() * n.fw());
                for (int k = 0; k < w.length; k++) {
                    int entry = k / per;
                    if (!n.kind().uses(n.fh(), n.fw(), entry / n.fw(), entry % n.fw())) {
                        assertEquals(0, Float.floatToRawIntBits(w[k]), "masked entry of " + n.weightName());
                    }
                }
            }
        }
        ConvNetGraph back = ConvNetGraph.fromWeightFile(file, H, W);
        INDArray x = image(values(new Random(8)));
        assertEquals(g.logProb(x), back.logProb(x));
        assertEquals(D, g.logProb(x).size(1));
    }

    /**
     * The codec's ideal code length of each pixel (double precision, its own kernels) matches
     * -log2 p from SameDiff (float32) under random weights, for both heads. The weights are mild
     * enough to keep every probability far above the codec's floor of 1e-30 (99.7 bits).
     */
    @ParameterizedTest
    @EnumSource(ConvArchitecture.class)
    void codecComputesTheSameLikelihoods(ConvArchitecture architecture) {
        for (int mixture : new int[] {0, 3}) {
            ConvNetGraph g = randomNet(architecture, mixture, 11 + mixture, 0.1);
            WeightFile file = WeightFile.read(g.export().meta("name", "conv-test").toBytes(), "conv-test.arcm");
            AutoregressiveModel model = NetworkLoader.load(file);
            Random random = new Random(21);
            for (int image = 0; image < 3; image++) {
                int[] values = values(random);
                float[] nd4j = g.logProb(image(values)).dup('c').data().asFloat();
                byte[] samples = new byte[D];
                for (int i = 0; i < D; i++) {
                    samples[i] = (byte) values[i];
                }
                double[] codecBits = new double[D];
                model.open(new SampleLayout(W, H, 1, 256)).forEachConditional(samples, new QuantizedCdf(),
                        (index, cdf) -> codecBits[index] = cdf.idealBits(values[index]));
                double total = 0;
                double codecTotal = 0;
                for (int i = 0; i < D; i++) {
                    double bits = -nd4j[i] / MadeEvaluation.LN2;
                    assertTrue(bits < 60, architecture + " pixel " + i + ": " + bits + " bits, too close to the floor");
                    assertEquals(bits, codecBits[i], 1e-3 * Math.max(1, bits), architecture + " " + g.outputLabel()
                            + " pixel " + i);
                    total += bits;
                    codecTotal += codecBits[i];
                }
                assertEquals(total, codecTotal, 1e-4 * total, architecture + " " + g.outputLabel() + " image " + image);
            }
        }
    }

    /**
     * RGB: the codec's code length of each sample, R then G given R then B given R and G,
     * summed over a pixel, matches SameDiff's coupled-mixture log-likelihood of that pixel.
     */
    @ParameterizedTest
    @EnumSource(ConvArchitecture.class)
    void codecComputesTheSameRgbLikelihoods(ConvArchitecture architecture) {
        ConvNetGraph g = ConvNetGraph.create(architecture, 3, 8, 2, 3, H, W, 17, null);
        addNoise(g, new Random(18), 0.1);
        WeightFile file = WeightFile.read(g.export().meta("name", "conv-rgb-test").toBytes(), "conv-rgb-test.arcm");
        assertEquals("3", file.meta("channels"));
        AutoregressiveModel model = NetworkLoader.load(file);
        Random random = new Random(22);
        for (int image = 0; image < 3; image++) {
            byte[] samples = new byte[3 * D];
            float[] x = new float[3 * D];
            for (int i = 0; i < samples.length; i++) {
                int v = i < 6 ? (i % 2) * 255 : random.nextInt(256);
                samples[i] = (byte) v;
                x[i] = v / 127.5f - 1f;
            }
            float[] nd4j = g.logProb(Nd4j.create(x, new long[] {1, H, W, 3}, 'c')).dup('c').data().asFloat();
            double[] codecBits = new double[3 * D];
            model.open(new SampleLayout(W, H, 3, 256)).forEachConditional(samples, new QuantizedCdf(),
                    (index, cdf) -> codecBits[index] = cdf.idealBits(samples[index] & 0xFF));
            for (int i = 0; i < D; i++) {
                double bits = -nd4j[i] / MadeEvaluation.LN2;
                double codec = codecBits[3 * i] + codecBits[3 * i + 1] + codecBits[3 * i + 2];
                assertTrue(bits < 100, architecture + " pixel " + i + ": " + bits + " bits, too close to the floor");
                assertEquals(bits, codec, 1e-3 * Math.max(1, bits), architecture + " RGB pixel " + i);
            }
        }
    }

    private static void addNoise(ConvNetGraph g, Random random, double noise) {
        for (var v : g.sameDiff().variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                INDArray arr = v.getArr();
                float[] values = arr.dup('c').data().asFloat();
                for (int k = 0; k < values.length; k++) {
                    values[k] += (float) (random.nextGaussian() * noise);
                }
                arr.assign(Nd4j.create(values, arr.shape(), 'c'));
            }
        }
    }

    /** Residual branches start small: the last convolution of each block is found as such. */
    @Test
    void residualBranchEndsAreTheLastConvolutionOfEachBlock() {
        int depth = 3;
        for (ConvArchitecture a : ConvArchitecture.values()) {
            ConvGraph g = a.graph(1, 8, depth, 6);
            BitSet ends = ConvNetGraph.residualBranchEnds(g);
            int expected = a == ConvArchitecture.PIXELCNN_PP ? 4 * depth : depth;
            assertEquals(expected, ends.cardinality(), a.label());
            for (int id = ends.nextSetBit(0); id >= 0; id = ends.nextSetBit(id + 1)) {
                Node n = g.node(id);
                assertEquals(Op.CONV, n.op());
                assertTrue(a == ConvArchitecture.PIXELCNN_PP ? n.channels() == 16 : n.fh() == 1, a.label());
            }
        }
    }

    /** The initial network predicts close to its head's starting point, far from a degenerate one. */
    @ParameterizedTest
    @EnumSource(ConvArchitecture.class)
    void initialNetworkIsNearUniform(ConvArchitecture architecture) {
        ConvNetGraph g = ConvNetGraph.create(architecture, 1, 16, 4, 0, H, W, 1, null);
        double bits = -g.imageLogProb(image(values(new Random(2)))).getDouble(0) / D / MadeEvaluation.LN2;
        assertEquals(8.0, bits, 0.05, architecture.label());
    }
}
