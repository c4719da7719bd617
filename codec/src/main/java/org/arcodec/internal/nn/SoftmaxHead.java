package org.arcodec.internal.nn;

/** A 256-way softmax: P = 256 logits, {@code p(v) = exp(l_v - max) / sum_u exp(l_u - max)}. */
public final class SoftmaxHead implements OutputHead {
    static final String SPEC = "softmax";

    @Override
    public int parameters() {
        return VALUES;
    }

    @Override
    public String spec() {
        return SPEC;
    }

    @Override
    public void probabilities(double[] params, int offset, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < VALUES; v++) {
            max = Math.max(max, params[offset + v]);
        }
        // Subtracting the maximum keeps every exp in (0, 1], and the largest term is exactly 1,
        // so the sum lies in [1, 256].
        double sum = 0;
        for (int v = 0; v < VALUES; v++) {
            double e = StrictMath.exp(params[offset + v] - max);
            out[v] = e;
            sum += e;
        }
        for (int v = 0; v < VALUES; v++) {
            out[v] = Math.max(out[v] / sum, MIN_PROBABILITY);
        }
    }
}
