package org.arcodec.models.made;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * The order in which a MADE or NADE codes the samples of a width x height image (one channel).
 * {@link #order} gives, for each step s, the sample index (row-major) coded at step s.
 */
public enum Ordering {
    /** Row by row, left to right: the lecture's best ordering on MNIST. */
    RASTER,
    /** Column by column, top to bottom. */
    COLUMN,
    /** Samples with an even row-major index first (in raster order), then the odd ones. */
    EVENODD,
    /** A uniformly random permutation drawn from a seed. */
    RANDOM;

    /** The label stored in weight files and accepted on command lines. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Ordering fromLabel(String label) {
        for (Ordering o : values()) {
            if (o.label().equals(label)) {
                return o;
            }
        }
        throw new IllegalArgumentException("unknown ordering '" + label + "' (raster, column, evenodd, random)");
    }

    /**
     * {@code order[s]} = the sample index coded at step s, a permutation of 0..width*height-1.
     *
     * @param seed used by {@link #RANDOM} only
     */
    public int[] order(int width, int height, long seed) {
        int d = width * height;
        int[] order = new int[d];
        switch (this) {
            case RASTER -> {
                for (int s = 0; s < d; s++) {
                    order[s] = s;
                }
            }
            case COLUMN -> {
                for (int s = 0; s < d; s++) {
                    int column = s / height;
                    int row = s % height;
                    order[s] = row * width + column;
                }
            }
            case EVENODD -> {
                int s = 0;
                for (int parity = 0; parity < 2; parity++) {
                    for (int i = parity; i < d; i += 2) {
                        order[s++] = i;
                    }
                }
            }
            case RANDOM -> {
                for (int s = 0; s < d; s++) {
                    order[s] = s;
                }
                Random random = new Random(seed);
                for (int s = d - 1; s > 0; s--) {
                    int j = random.nextInt(s + 1);
                    int t = order[s];
                    order[s] = order[j];
                    order[j] = t;
                }
            }
            default -> throw new AssertionError(this);
        }
        return order;
    }

    /** The inverse permutation: {@code step[i]} = the step at which sample i is coded. */
    public static int[] steps(int[] order) {
        int[] step = new int[order.length];
        Arrays.fill(step, -1);
        for (int s = 0; s < order.length; s++) {
            int i = order[s];
            if (i < 0 || i >= order.length || step[i] != -1) {
                throw new IllegalArgumentException("order is not a permutation: sample " + i + " at step " + s);
            }
            step[i] = s;
        }
        return step;
    }
}
