package org.arcodec.models.made;

import java.util.Arrays;
import java.util.Objects;

/**
 * What a MADE is: image shape, hidden layer sizes, output distribution, direct connections,
 * ordering and number of connectivity masks.
 *
 * @param mixture components K of the discretised logistic mixture, or 0 for a 256-way softmax
 * @param seed seeds the ordering (when random), the masks and the initial weights
 */
public record MadeSpec(int width, int height, int[] hidden, int mixture, boolean direct, Ordering ordering,
                       int masks, long seed) {
    public static final int SOFTMAX_BINS = 256;

    public MadeSpec {
        hidden = hidden.clone();
        if (width < 1 || height < 1 || (long) width * height < 2) {
            throw new IllegalArgumentException("bad image shape " + width + " x " + height);
        }
        if (hidden.length < 1 || Arrays.stream(hidden).anyMatch(h -> h < 1)) {
            throw new IllegalArgumentException("hidden sizes must be positive: " + Arrays.toString(hidden));
        }
        if (mixture < 0) {
            throw new IllegalArgumentException("mixture must be >= 1, or 0 for softmax");
        }
        if (masks < 1) {
            throw new IllegalArgumentException("need at least one mask");
        }
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** D: samples per image. */
    public int samples() {
        return width * height;
    }

    public boolean softmax() {
        return mixture == 0;
    }

    /** Parameter groups per sample: logits, means, log-scales; or the 256 softmax logits. */
    public int groups() {
        return softmax() ? 1 : 3;
    }

    /** Parameters per group and sample: K, or 256. */
    public int groupWidth() {
        return softmax() ? SOFTMAX_BINS : mixture;
    }

    /** P: parameters per sample. */
    public int perSample() {
        return groups() * groupWidth();
    }

    /** The output meta value of docs/WEIGHTS.md. */
    public String outputLabel() {
        return softmax() ? "softmax" : "logistic_mixture:" + mixture;
    }

    public String hiddenLabel() {
        StringBuilder s = new StringBuilder();
        for (int h : hidden) {
            s.append(s.length() == 0 ? "" : ",").append(h);
        }
        return s.toString();
    }

    /** The ordering as a permutation. */
    public int[] order() {
        return ordering.order(width, height, seed);
    }

    /** Mask i of the ensemble: each mask has its own seed, derived from the run's seed. */
    public MadeMasks mask(int i) {
        return MadeMasks.draw(order(), hidden, seed * 1_000_003L + 17L * (i + 1));
    }

    /** Trainable parameters (masked-out weights included, as they are stored). */
    public long parameterCount() {
        long d = samples();
        long count = 0;
        long fanIn = d;
        for (int h : hidden) {
            count += fanIn * h + h;
            fanIn = h;
        }
        long outputs = d * perSample();
        count += outputs * fanIn + outputs;
        if (direct) {
            count += outputs * d;
        }
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MadeSpec s && width == s.width && height == s.height && Arrays.equals(hidden, s.hidden)
                && mixture == s.mixture && direct == s.direct && ordering == s.ordering && masks == s.masks
                && seed == s.seed;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31 + Objects.hash(width, height, mixture, direct, ordering, masks, seed);
    }

    @Override
    public String toString() {
        return "MADE " + width + "x" + height + " hidden=" + hiddenLabel() + " output=" + outputLabel() + " direct="
                + direct + " ordering=" + ordering.label() + " masks=" + masks + " seed=" + seed;
    }
}
