package org.arcodec.model;

/**
 * The conditionals of one image, one sample at a time: {@link #next} gives the distribution of
 * the next sample in the model's coding order, {@link #observe} reveals that sample's value,
 * and so on until every sample has been coded once. Not thread-safe.
 */
public interface ConditionalStream {

    /**
     * Fills {@code cdf} with the distribution of the next sample, given every sample observed so
     * far, and returns that sample's index in the interleaved sample array
     * ({@code (y * width + x) * channels + c}).
     */
    int next(QuantizedCdf cdf);

    /** Reveals the value of the sample that the last {@link #next} call was about. */
    void observe(int value);

    /**
     * The batch path, used by the encoder, where every sample is known in advance: hands each
     * conditional to {@code step} in coding order. A model may override it to compute all
     * conditionals at once, but the tables must be bit-identical to those of the sequential
     * path. The default runs the sequential path.
     */
    default void forEachConditional(byte[] samples, QuantizedCdf cdf, Step step) {
        long total = samples.length;
        for (long i = 0; i < total; i++) {
            int index = next(cdf);
            step.accept(index, cdf);
            observe(samples[index] & 0xFF);
        }
    }

    /**
     * The batch path over several variants ({@link AutoregressiveModel#variants}) of a stream of
     * variant 0: for each sample in coding order, {@code cdfs[v]} holds variant v's conditional,
     * every one bit-identical to what a stream of variant v gives. The step may set an entry
     * other than {@code cdfs[0]} to null: that variant is no longer wanted, and a stream may stop
     * computing it. The default offers one variant.
     *
     * @throws UnsupportedOperationException for more variants than the stream computes
     */
    default void forEachConditional(byte[] samples, QuantizedCdf[] cdfs, VariantStep step) {
        if (cdfs.length != 1) {
            throw new UnsupportedOperationException("this stream computes one variant, not " + cdfs.length);
        }
        forEachConditional(samples, cdfs[0], (index, cdf) -> step.accept(index, cdfs));
    }

    /** Receives one conditional of the batch path. */
    @FunctionalInterface
    interface Step {
        void accept(int sampleIndex, QuantizedCdf cdf);
    }

    /** Receives one sample's conditional under every variant. */
    @FunctionalInterface
    interface VariantStep {
        void accept(int sampleIndex, QuantizedCdf[] cdfs);
    }
}
