package org.arcodec.internal.conv;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadAdapterTest {
    private static final int K = 3;
    private static final int P = 10 * K;
    /** The logits, means and log-scales of an RGB head, as the models correct them. */
    private static final int N = 7 * K;

    @Test
    void startsAtZeroAndAddsNothing() {
        HeadAdapter adapter = new HeadAdapter(N, 4, new PixelGradient(K, 3), 1e-3);
        double[] p = PixelGradientTest.randomHead(new Random(1), K);
        double[] before = p.clone();
        adapter.shift(p, new float[] {0.5f, -1f, 2f, 0.25f}, 0);
        assertArrayEquals(before, p);
    }

    @Test
    void learningLowersTheCodeLengthOfWhatItSaw() {
        Random random = new Random(7);
        PixelGradient gradient = new PixelGradient(K, 3);
        HeadAdapter adapter = new HeadAdapter(N, 4, gradient, 1e-3);
        double[] head = PixelGradientTest.randomHead(random, K);
        float[] features = {0.5f, -1f, 2f, 0.25f};
        int[] pixel = {200, 40, 90};
        double[] p = head.clone();
        adapter.shift(p, features, 0);
        double first = gradient.codeLength(p, pixel);
        for (int step = 0; step < 200; step++) {
            p = head.clone();
            adapter.shift(p, features, 0);
            adapter.learn(p, pixel);
        }
        p = head.clone();
        adapter.shift(p, features, 0);
        double last = gradient.codeLength(p, pixel);
        assertTrue(last < first - 1, "code length " + first + " -> " + last);
        assertArrayEquals(java.util.Arrays.copyOfRange(head, N, P), java.util.Arrays.copyOfRange(p, N, P),
                "the coefficients are not corrected");
    }

    @Test
    void theCorrectionIsLinearInTheFeatures() {
        Random random = new Random(11);
        HeadAdapter adapter = new HeadAdapter(N, 2, new PixelGradient(K, 3), 1e-2);
        double[] head = PixelGradientTest.randomHead(random, K);
        for (int step = 0; step < 20; step++) {
            double[] p = head.clone();
            adapter.shift(p, new float[] {random.nextFloat(), random.nextFloat()}, 0);
            adapter.learn(p, new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)});
        }
        adapter.shift(new double[P], new float[] {0, 0}, 0);
        float[] bias = adapter.correction();
        adapter.shift(new double[P], new float[] {1, 0}, 0);
        float[] first = adapter.correction();
        adapter.shift(new double[P], new float[] {2, 0}, 0);
        float[] twice = adapter.correction();
        assertEquals(N, bias.length);
        for (int i = 0; i < N; i++) {
            assertEquals(2 * (first[i] - bias[i]), twice[i] - bias[i], 1e-5 * Math.max(1, Math.abs(twice[i])),
                    "parameter " + i);
        }
    }
}
