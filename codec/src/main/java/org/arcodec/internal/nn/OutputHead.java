package org.arcodec.internal.nn;

/**
 * Turns a network's P output parameters for one sample into a distribution over the 256 values
 * of an 8-bit sample. Implementations are stateless and evaluate in a fixed order with
 * {@code StrictMath}, so equal parameters give bit-identical tables on every JVM; they may be
 * shared between threads.
 */
public sealed interface OutputHead permits LogisticMixture, SoftmaxHead {
    /** Values of an 8-bit sample. */
    int VALUES = 256;

    /**
     * Smallest probability a head writes. Far below the quantiser's 2^-24, so it changes no
     * frequency table, but it keeps every value's ideal code length finite.
     */
    double MIN_PROBABILITY = 1e-30;

    /** P, the parameters per sample. */
    int parameters();

    /** The {@code output} meta value that names this head, such as {@code logistic_mixture:5}. */
    String spec();

    /**
     * Writes p(v) for v = 0..255 into {@code out[0..255]}: each at least {@link #MIN_PROBABILITY},
     * summing to 1 up to rounding (and the floor). Reads {@code params[offset .. offset + P - 1]},
     * which must be finite.
     */
    void probabilities(double[] params, int offset, double[] out);

    /**
     * The head an {@code output} meta value names.
     *
     * @throws IllegalArgumentException when the value names no head
     */
    static OutputHead parse(String spec) {
        if (spec.equals(SoftmaxHead.SPEC)) {
            return new SoftmaxHead();
        }
        if (spec.startsWith(LogisticMixture.SPEC_PREFIX)) {
            String count = spec.substring(LogisticMixture.SPEC_PREFIX.length());
            int components;
            try {
                components = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                components = 0;
            }
            if (components < 1 || components > LogisticMixture.MAX_COMPONENTS || !count.equals(Integer.toString(components))) {
                throw new IllegalArgumentException("output '" + spec + "' needs a component count in [1, "
                        + LogisticMixture.MAX_COMPONENTS + "]");
            }
            return new LogisticMixture(components);
        }
        throw new IllegalArgumentException("unknown output '" + spec + "'; known: " + SoftmaxHead.SPEC + ", "
                + LogisticMixture.SPEC_PREFIX + "K");
    }
}
