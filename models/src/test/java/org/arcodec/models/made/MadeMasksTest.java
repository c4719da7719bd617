package org.arcodec.models.made;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MadeMasksTest {
    private static final int WIDTH = 5;
    private static final int HEIGHT = 4;
    private static final int D = WIDTH * HEIGHT;
    private static final int[] HIDDEN = {30, 24, 18};

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void ordersArePermutations(Ordering ordering) {
        int[] order = ordering.order(WIDTH, HEIGHT, 7);
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < D; i++) {
            assertEquals(i, sorted[i]);
        }
        int[] step = Ordering.steps(order);
        for (int s = 0; s < D; s++) {
            assertEquals(s, step[order[s]]);
        }
    }

    @Test
    void orderingsAreWhatTheirNamesSay() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, Ordering.RASTER.order(3, 2, 0));
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, Ordering.COLUMN.order(3, 2, 0));
        assertArrayEquals(new int[] {0, 2, 4, 1, 3, 5}, Ordering.EVENODD.order(3, 2, 0));
        assertArrayEquals(Ordering.RANDOM.order(5, 4, 3), Ordering.RANDOM.order(5, 4, 3));
        assertFalse(Arrays.equals(Ordering.RANDOM.order(5, 4, 3), Ordering.RANDOM.order(5, 4, 4)));
        assertEquals(Ordering.EVENODD, Ordering.fromLabel("evenodd"));
        assertThrows(IllegalArgumentException.class, () -> Ordering.fromLabel("spiral"));
    }

    @ParameterizedTest
    @EnumSource(Ordering.class)
    void layerMasksFollowTheConnectivityRules(Ordering ordering) {
        int[] order = ordering.order(WIDTH, HEIGHT, 11);
        MadeMasks masks = MadeMasks.draw(order, HIDDEN, 5);
        int[] step = Ordering.steps(order);
        for (int l = 1; l <= HIDDEN.length; l++) {
            for (int m : masks.numbers(l)) {
                assertTrue(m >= 1 && m <= D - 1, "unit number " + m);
            }
        }
        int[] first = masks.numbers(1);
        float[] m1 = masks.hiddenMask(1);
        for (int i = 0; i < D; i++) {
            for (int k = 0; k < HIDDEN[0]; k++) {
                assertEquals(step[i] < first[k] ? 1f : 0f, m1[i * HIDDEN[0] + k]);
            }
        }
        for (int l = 2; l <= HIDDEN.length; l++) {
            int[] in = masks.numbers(l - 1);
            int[] out = masks.numbers(l);
            float[] m = masks.hiddenMask(l);
            for (int j = 0; j < in.length; j++) {
                for (int k = 0; k < out.length; k++) {
                    assertEquals(in[j] <= out[k] ? 1f : 0f, m[j * out.length + k]);
                }
            }
        }
        int p = 3;
        int[] last = masks.numbers(HIDDEN.length);
        float[] mv = masks.outputMask(p);
        float[] ma = masks.directMask(p);
        for (int i = 0; i < D; i++) {
            for (int q = 0; q < p; q++) {
                for (int k = 0; k < last.length; k++) {
                    assertEquals(last[k] <= step[i] ? 1f : 0f, mv[k * D * p + i * p + q]);
                }
                for (int j = 0; j < D; j++) {
                    assertEquals(step[j] < step[i] ? 1f : 0f, ma[j * D * p + i * p + q]);
                }
            }
        }
    }

    /**
     * The autoregressive property, Jacobian-style: follow every path of nonzero mask entries from
     * each input through the hidden layers to the outputs. Output i may be reached from input j only
     * when step(j) < step(i); and every output except the first step's is reached from some input.
     */
    @ParameterizedTest
    @EnumSource(Ordering.class)
    void outputsNeverSeeTheirOwnOrLaterSamples(Ordering ordering) {
        int[] order = ordering.order(WIDTH, HEIGHT, 13);
        int[] step = Ordering.steps(order);
        for (long seed = 0; seed < 8; seed++) {
            MadeMasks masks = MadeMasks.draw(order, HIDDEN, seed);
            int p = 2;
            boolean[][] reach = new boolean[D][];                           // reach[j][unit]
            for (int j = 0; j < D; j++) {
                boolean[] r = new boolean[D];
                r[j] = true;
                int width = D;
                for (int l = 1; l <= HIDDEN.length; l++) {
                    r = propagate(r, masks.hiddenMask(l), width, HIDDEN[l - 1]);
                    width = HIDDEN[l - 1];
                }
                reach[j] = propagate(r, masks.outputMask(p), width, D * p);
            }
            boolean[] anyInput = new boolean[D];
            for (int j = 0; j < D; j++) {
                for (int i = 0; i < D; i++) {
                    for (int q = 0; q < p; q++) {
                        if (reach[j][i * p + q]) {
                            assertTrue(step[j] < step[i], "output " + i + " (step " + step[i] + ") reaches input " + j
                                    + " (step " + step[j] + ") with mask seed " + seed);
                            anyInput[i] = true;
                        }
                    }
                }
            }
            int connected = 0;
            for (boolean b : anyInput) {
                connected += b ? 1 : 0;
            }
            assertTrue(connected > D / 2, "too few outputs see any input: " + connected);
        }
    }

    private static boolean[] propagate(boolean[] active, float[] mask, int fanIn, int fanOut) {
        boolean[] next = new boolean[fanOut];
        for (int a = 0; a < fanIn; a++) {
            if (active[a]) {
                for (int b = 0; b < fanOut; b++) {
                    next[b] |= mask[a * fanOut + b] != 0f;
                }
            }
        }
        return next;
    }

    @Test
    void masksDifferBySeedAndRoundTripThroughNumbers() {
        int[] order = Ordering.RASTER.order(WIDTH, HEIGHT, 0);
        MadeMasks a = MadeMasks.draw(order, HIDDEN, 1);
        MadeMasks b = MadeMasks.draw(order, HIDDEN, 2);
        assertNotEquals(Arrays.toString(a.numbers(1)), Arrays.toString(b.numbers(1)));
        int[][] numbers = {a.numbers(1), a.numbers(2), a.numbers(3)};
        MadeMasks copy = MadeMasks.of(order, numbers);
        assertArrayEquals(a.outputMask(3), copy.outputMask(3));
        numbers[0][0] = D;
        assertThrows(IllegalArgumentException.class, () -> MadeMasks.of(order, numbers));
    }

    @Test
    void parameterCountMatchesTheLayout() {
        MadeSpec spec = new MadeSpec(28, 28, new int[] {500, 250}, 5, false, Ordering.RASTER, 1, 1);
        long expected = 784L * 500 + 500 + 500L * 250 + 250 + 784L * 15 * 250 + 784L * 15;
        assertEquals(expected, spec.parameterCount());
        assertEquals(15, spec.perSample());
        assertEquals(256, new MadeSpec(28, 28, new int[] {10}, 0, true, Ordering.RASTER, 1, 1).perSample());
    }
}
