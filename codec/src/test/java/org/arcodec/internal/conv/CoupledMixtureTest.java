package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CoupledMixtureTest {

    /**
     * The three conditionals multiply to the PixelCNN++ joint: sum_k pi_k p_k(r) p_k(g | r) p_k(b | r, g),
     * here with each component's bin mass written the textbook way, as a difference of sigmoids.
     */
    @Test
    void conditionalsMultiplyToTheJointMixture() {
        SplittableRandom random = new SplittableRandom(11);
        double[] out = new double[256];
        for (int trial = 0; trial < 200; trial++) {
            int k = 1 + random.nextInt(4);
            CoupledMixture head = new CoupledMixture(new LogisticMixture(k));
            double[] params = new double[head.parameters()];
            for (int i = 0; i < params.length; i++) {
                params[i] = random.nextGaussian() * 0.5;
            }
            for (int block : new int[] {2, 4, 6}) {
                for (int i = 0; i < k; i++) {
                    params[block * k + i] -= 2.5;   // scales around 0.08: distinct components, no floored bins
                }
            }
            // A pixel near one component's means, where the textbook difference does not cancel.
            int near = random.nextInt(k);
            int[] pixel = new int[3];
            pixel[0] = value(params[k + near], random);
            double xr = pixel[0] / 127.5 - 1;
            pixel[1] = value(params[3 * k + near] + Math.tanh(params[7 * k + near]) * xr, random);
            double xg = pixel[1] / 127.5 - 1;
            pixel[2] = value(params[5 * k + near] + Math.tanh(params[8 * k + near]) * xr
                    + Math.tanh(params[9 * k + near]) * xg, random);
            double chained = 1;
            double[] scratch = new double[head.scratchSize()];
            for (int c = 0; c < 3; c++) {
                head.probabilities(c, params, pixel, scratch, out);
                chained *= out[pixel[c]];
            }
            double joint = joint(params, k, pixel);
            assertEquals(joint, chained, 1e-9 * joint, "trial " + trial);
        }
    }

    @Test
    void eachSampleSeesOnlyTheSamplesBeforeIt() {
        SplittableRandom random = new SplittableRandom(12);
        CoupledMixture head = new CoupledMixture(new LogisticMixture(3));
        double[] params = new double[head.parameters()];
        for (int i = 0; i < params.length; i++) {
            params[i] = random.nextGaussian();
        }
        double[] scratch = new double[head.scratchSize()];
        for (int c = 0; c < 3; c++) {
            double[] first = new double[256];
            double[] second = new double[256];
            head.probabilities(c, params, new int[] {10, 20, 30}, scratch, first);
            int[] later = {10, 20, 30};
            for (int d = c; d < 3; d++) {
                later[d] = 200;
            }
            head.probabilities(c, params, later, scratch, second);
            assertArrayEquals(first, second, 0.0, "channel " + c);
        }
    }

    private static int value(double mean, SplittableRandom random) {
        return Math.max(0, Math.min(255, (int) Math.round((mean + 1) * 127.5) + random.nextInt(11) - 5));
    }

    private static double joint(double[] params, int k, int[] v) {
        double[] x = new double[3];
        for (int c = 0; c < 3; c++) {
            x[c] = v[c] / 127.5 - 1;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            max = Math.max(max, params[i]);
        }
        double norm = 0;
        for (int i = 0; i < k; i++) {
            norm += Math.exp(params[i] - max);
        }
        double sum = 0;
        for (int i = 0; i < k; i++) {
            double meanG = params[3 * k + i] + Math.tanh(params[7 * k + i]) * x[0];
            double meanB = params[5 * k + i] + Math.tanh(params[8 * k + i]) * x[0] + Math.tanh(params[9 * k + i]) * x[1];
            sum += Math.exp(params[i] - max) / norm
                    * bin(v[0], params[k + i], params[2 * k + i])
                    * bin(v[1], meanG, params[4 * k + i])
                    * bin(v[2], meanB, params[6 * k + i]);
        }
        return sum;
    }

    private static double bin(int v, double mu, double logScale) {
        double s = Math.exp(Math.max(logScale, -7));
        double x = v / 127.5 - 1;
        double upper = v == 255 ? 1 : sigmoid((x + 1 / 255.0 - mu) / s);
        double lower = v == 0 ? 0 : sigmoid((x - 1 / 255.0 - mu) / s);
        return upper - lower;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
