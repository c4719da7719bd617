package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResidualCorrectionTest {
    private static final int K = 3;
    private static final int WIDTH = 16;
    private static final CoupledMixture RGB = new CoupledMixture(new LogisticMixture(K));

    private static ResidualCorrection correction(double rate) {
        return new ResidualCorrection(RGB.meanParameters(), RGB.logScaleParameters(), 3, WIDTH, rate);
    }

    @Test
    void startsAtZeroAndAddsNothing() {
        ResidualCorrection correction = correction(1e-3);
        double[] p = PixelGradientTest.randomHead(new Random(1), K);
        double[] before = p.clone();
        correction.shift(p, 3, 4);
        assertArrayEquals(before, p);
    }

    /**
     * A model whose red means sit 20 values below every pixel leaves residuals that say so; the
     * correction learns to move the means up, by the same amount in every component, and so codes
     * the pixels shorter, touching nothing but means and log-scales.
     */
    @Test
    void learnsFromBiasedNeighboursToMoveEveryComponentAlike() {
        Random random = new Random(9);
        ResidualCorrection correction = correction(1e-4);
        PixelGradient gradient = new PixelGradient(K, 3);
        double[] head = PixelGradientTest.randomHead(random, K);
        Arrays.fill(head, K, 2 * K, 0.2);    // every red mean at value 153
        Arrays.fill(head, 7 * K, 10 * K, 0); // green and blue means not coupled to red and green
        int[] pixel = {173, 128, 128};
        double first = Double.NaN;
        double last = Double.NaN;
        double[] p = null;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < WIDTH; x++) {
                p = head.clone();
                correction.shift(p, y, x);
                double length = gradient.codeLength(p, pixel);
                if (y == 0 && x == 0) {
                    first = length;
                }
                last = length;
                correction.learn(p, pixel, gradient, y, x);
            }
        }
        assertTrue(last < first - 0.5, "code length " + first + " -> " + last);
        double shift = p[RGB.meanParameters()[0]] - head[RGB.meanParameters()[0]];
        assertTrue(shift > 0, "red means moved up, by " + shift);
        for (int index : RGB.meanParameters()) {
            if (index < 2 * K) {
                assertEquals(shift, p[index] - head[index], 1e-12, "red mean " + index);
            }
        }
        assertArrayEquals(Arrays.copyOfRange(head, 0, K), Arrays.copyOfRange(p, 0, K), "logits");
        assertArrayEquals(Arrays.copyOfRange(head, 7 * K, 10 * K), Arrays.copyOfRange(p, 7 * K, 10 * K),
                "coefficients");
    }
}
