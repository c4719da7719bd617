package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PixelGradientTest {
    /** A plausible head of K components: log-scales between -5 and -1, other parameters near 0. */
    static double[] randomHead(Random random, int k) {
        double[] p = new double[10 * k];
        for (int i = 0; i < p.length; i++) {
            p[i] = random.nextGaussian() * 0.5;
        }
        for (int j = 0; j < k; j++) {
            for (int block : new int[] {2, 4, 6}) {
                p[block * k + j] = -1 - 4 * random.nextDouble();
            }
        }
        return p;
    }

    @Test
    void rgbCodeLengthIsTheSumOfTheCoupledConditionals() {
        int k = 5;
        Random random = new Random(3);
        CoupledMixture mixture = new CoupledMixture(new LogisticMixture(k));
        PixelGradient gradient = new PixelGradient(k, 3);
        double[] out = new double[256];
        double[] scratch = new double[mixture.scratchSize()];
        for (int trial = 0; trial < 300; trial++) {
            double[] p = randomHead(random, k);
            int[] pixel = nearMeans(random, p, k, 3);
            double expected = 0;
            for (int c = 0; c < 3; c++) {
                mixture.probabilities(c, p, pixel, scratch, out);
                expected -= Math.log(out[pixel[c]]);
            }
            assertEquals(expected, gradient.codeLength(p, pixel), 1e-7 * expected, "trial " + trial);
        }
    }

    /** The gradient that takes R's and G's bins from coding gives the very bits of the one that computes them. */
    @Test
    void theBinsCodingLeftGiveTheSameBits() {
        int k = 5;
        Random random = new Random(17);
        LogisticMixture logistic = new LogisticMixture(k);
        CoupledMixture mixture = new CoupledMixture(logistic);
        LogisticMixture.Edges edges = logistic.edges();
        double[] scratch = new double[mixture.scratchSize()];
        PixelGradient computed = new PixelGradient(k, 3);
        PixelGradient reused = new PixelGradient(k, 3);
        for (int trial = 0; trial < 300; trial++) {
            double[] p = randomHead(random, k);
            for (int j = 0; j < k; j++) {
                if (trial % 3 == 0) {
                    p[2 * k + j] = -7.5;   // R's log-scales below the floor
                }
            }
            int[] pixel = trial % 5 == 0 ? new int[] {0, 255, random.nextInt(256)} : nearMeans(random, p, k, 3);
            for (int c = 0; c < 3; c++) {
                mixture.edges(c, p, pixel, scratch, edges);
            }
            double expected = computed.codeLength(p, pixel);
            assertEquals(Double.doubleToLongBits(expected),
                    Double.doubleToLongBits(reused.codeLength(p, pixel, mixture, scratch)), "trial " + trial);
            assertArrayEquals(computed.gradient(), reused.gradient(), "trial " + trial);
        }
    }

    @Test
    void expectedValuesWeighTheComponentsMeansByTheMixtureWeights() {
        int k = 4;
        Random random = new Random(13);
        PixelGradient gradient = new PixelGradient(k, 3);
        for (int trial = 0; trial < 50; trial++) {
            double[] p = randomHead(random, k);
            int[] pixel = nearMeans(random, p, k, 3);
            gradient.codeLength(p, pixel);
            double xr = pixel[0] / 127.5 - 1;
            double xg = pixel[1] / 127.5 - 1;
            double weightSum = 0;
            double[] sums = new double[3];
            for (int j = 0; j < k; j++) {
                double weight = Math.exp(p[j]);
                weightSum += weight;
                sums[0] += weight * p[k + j];
                sums[1] += weight * (p[3 * k + j] + Math.tanh(p[7 * k + j]) * xr);
                sums[2] += weight * (p[5 * k + j] + Math.tanh(p[8 * k + j]) * xr + Math.tanh(p[9 * k + j]) * xg);
            }
            for (int c = 0; c < 3; c++) {
                assertEquals(sums[c] / weightSum, gradient.expectedValue(p, pixel, c), 1e-12, "trial " + trial + " channel " + c);
            }
        }
    }

    @Test
    void rgbGradientMatchesCentralDifferences() {
        checkGradient(3, 10);
    }

    @Test
    void grayGradientMatchesCentralDifferences() {
        checkGradient(1, 3);
    }

    private static void checkGradient(int channels, int blocks) {
        int k = 5;
        Random random = new Random(5);
        PixelGradient gradient = new PixelGradient(k, channels);
        int checked = 0;
        for (int trial = 0; trial < 300; trial++) {
            double[] p = java.util.Arrays.copyOf(randomHead(random, k), blocks * k);
            if (trial % 10 == 0) {
                p[2 * k] = -8;   // a log-scale below the floor: no slope
            }
            int[] pixel = nearMeans(random, p, k, channels);
            if (trial % 7 == 0) {
                pixel[0] = trial % 14 == 0 ? 0 : 255;   // the tails
            }
            gradient.codeLength(p, pixel);
            double[] g = gradient.gradient().clone();
            for (int i = 0; i < p.length; i++) {
                double[] q = p.clone();
                double step = 1e-6;
                q[i] += step;
                double up = gradient.codeLength(q, pixel);
                q[i] -= 2 * step;
                double down = gradient.codeLength(q, pixel);
                assertEquals((up - down) / (2 * step), g[i], 1e-5 * Math.max(1, Math.abs(g[i])),
                        "trial " + trial + ", parameter " + i);
                checked++;
            }
        }
        assertEquals(300 * blocks * k, checked);
    }

    /** Sample values near component 0's means, so that the code lengths are ordinary ones. */
    private static int[] nearMeans(Random random, double[] p, int k, int channels) {
        int[] pixel = new int[channels];
        for (int c = 0; c < channels; c++) {
            double mean = p[(1 + 2 * c) * k];
            pixel[c] = (int) Math.max(0, Math.min(255, Math.round((mean + 1) * 127.5 + 20 * random.nextGaussian())));
        }
        return pixel;
    }
}
