package org.arcodec.models.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SameDiff likelihoods against a plain double-precision Java computation of the same formulas. */
class LogisticMixtureLossTest {
    private static final int K = 3;
    /** Values covering both edge bins, their neighbours and the middle. */
    private static final int[] VALUES = {0, 1, 2, 17, 127, 128, 200, 253, 254, 255};

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** The discretised logistic mixture of docs/WEIGHTS.md, written directly. */
    static double referenceLogProb(int v, double[] logits, double[] means, double[] logScales) {
        double x = v / 127.5 - 1;
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (double l : logits) {
            maxLogit = Math.max(maxLogit, l);
        }
        double norm = 0;
        for (double l : logits) {
            norm += Math.exp(l - maxLogit);
        }
        double p = 0;
        for (int k = 0; k < logits.length; k++) {
            double pi = Math.exp(logits[k] - maxLogit) / norm;
            double s = Math.exp(Math.max(logScales[k], -7));
            double a = (x + 1 / 255.0 - means[k]) / s;
            double b = (x - 1 / 255.0 - means[k]) / s;
            double bin;
            if (v == 0) {
                bin = sigmoid(a);
            } else if (v == 255) {
                bin = sigmoid(-b);
            } else if (b > 0) {
                // Right of the mean both sigmoids are near 1: subtract the upper tails instead,
                // 1 - sigmoid(t) = sigmoid(-t), so that double precision does not cancel.
                bin = sigmoid(-b) - sigmoid(-a);
            } else {
                bin = sigmoid(a) - sigmoid(b);
            }
            p += pi * bin;
        }
        return Math.log(p);
    }

    private static double sigmoid(double a) {
        return 1 / (1 + Math.exp(-a));
    }

    @Test
    void logisticMixtureMatchesDirectComputation() {
        Random random = new Random(3);
        int b = 4;
        int d = VALUES.length;
        float[] x = new float[b * d];
        float[] logits = new float[b * d * K];
        float[] means = new float[b * d * K];
        float[] logScales = new float[b * d * K];
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < d; i++) {
                x[r * d + i] = (float) (VALUES[i] / 127.5 - 1);
                for (int k = 0; k < K; k++) {
                    int at = (r * d + i) * K + k;
                    logits[at] = (float) (random.nextGaussian() * 2);
                    means[at] = (float) (random.nextDouble() * 2.4 - 1.2);
                    // Row 0 has sharp components (below the -7 clamp), row 3 very flat ones.
                    logScales[at] = (float) (r == 0 ? -9 + random.nextDouble() * 3 : r == 3 ? 1 + random.nextDouble()
                            : -5 + random.nextDouble() * 4);
                }
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable lv = sd.placeHolder("l", DataType.FLOAT, -1, d, K);
        SDVariable mv = sd.placeHolder("m", DataType.FLOAT, -1, d, K);
        SDVariable sv = sd.placeHolder("s", DataType.FLOAT, -1, d, K);
        LogisticMixtureLoss.logistic(sd, xv, lv, mv, sv, K).rename("logp");
        INDArray out = sd.output(Map.of(
                "x", Nd4j.create(x, new long[] {b, d}, 'c'),
                "l", Nd4j.create(logits, new long[] {b, d, K}, 'c'),
                "m", Nd4j.create(means, new long[] {b, d, K}, 'c'),
                "s", Nd4j.create(logScales, new long[] {b, d, K}, 'c')), "logp").get("logp");
        for (int r = 0; r < b; r++) {
            for (int i = 0; i < d; i++) {
                double[] l = new double[K];
                double[] m = new double[K];
                double[] s = new double[K];
                for (int k = 0; k < K; k++) {
                    int at = (r * d + i) * K + k;
                    l[k] = logits[at];
                    m[k] = means[at];
                    s[k] = logScales[at];
                }
                double expected = referenceLogProb(VALUES[i], l, m, s);
                double actual = out.getDouble(r, i);
                // float32 evaluation: agree to 1e-4 relative, or 1e-4 nats near zero.
                assertEquals(expected, actual, 1e-4 * Math.max(1, Math.abs(expected)),
                        "row " + r + " value " + VALUES[i]);
            }
        }
    }

    @Test
    void logisticBinsSumToOne() {
        // One component, all 256 values: the probabilities of the bins add up to 1.
        int d = 256;
        float[] x = new float[d];
        for (int v = 0; v < d; v++) {
            x[v] = (float) (v / 127.5 - 1);
        }
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable params = sd.constant(Nd4j.ones(DataType.FLOAT, 1, d, 1));
        LogisticMixtureLoss.logistic(sd, xv, params.mul(0.0), params.mul(0.3), params.mul(-3.0), 1).rename("logp");
        INDArray logp = sd.output(Map.of("x", Nd4j.create(x, new long[] {1, d}, 'c')), "logp").get("logp");
        double sum = 0;
        for (int v = 0; v < d; v++) {
            sum += Math.exp(logp.getDouble(0, v));
        }
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void softmaxPicksTheValuesLogit() {
        int d = VALUES.length;
        float[] x = new float[d];
        float[] logits = new float[d * 256];
        Random random = new Random(5);
        for (int i = 0; i < d; i++) {
            x[i] = (float) (VALUES[i] / 127.5 - 1);
            for (int v = 0; v < 256; v++) {
                logits[i * 256 + v] = (float) random.nextGaussian();
            }
        }
        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.FLOAT, -1, d);
        SDVariable lv = sd.placeHolder("l", DataType.FLOAT, -1, d, 256);
        LogisticMixtureLoss.softmax(sd, xv, lv).rename("logp");
        INDArray out = sd.output(Map.of("x", Nd4j.create(x, new long[] {1, d}, 'c'),
                "l", Nd4j.create(logits, new long[] {1, d, 256}, 'c')), "logp").get("logp");
        for (int i = 0; i < d; i++) {
            double norm = 0;
            for (int v = 0; v < 256; v++) {
                norm += Math.exp(logits[i * 256 + v]);
            }
            double expected = logits[i * 256 + VALUES[i]] - Math.log(norm);
            assertEquals(expected, out.getDouble(0, i), 1e-4, "value " + VALUES[i]);
            assertTrue(out.getDouble(0, i) < 0);
        }
    }
}
