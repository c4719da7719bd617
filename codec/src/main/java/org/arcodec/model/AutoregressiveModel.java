package org.arcodec.model;

/**
 * A model of p(x) = prod_i p(x_i | x_<i) over the samples of an image, in an order of its own
 * choosing. Encoder and decoder ask it for the same conditionals, in the same order, and must
 * get bit-identical {@link QuantizedCdf}s: everything a stream computes on the way must be
 * deterministic on every JVM, CPU and thread count.
 */
public interface AutoregressiveModel {
    /** Short name stored in every file this model codes, such as {@code histogram}. */
    String name();

    /**
     * SHA-256 of the model's parameters (32 bytes). A file records a prefix of it, so that a file
     * is never decoded with other weights than it was coded with.
     */
    byte[] weightsSha256();

    /** Why this model cannot code images of this layout, or null when it can. */
    default String unsupportedReason(SampleLayout layout) {
        return null;
    }

    /** The one layout this model codes, or null when it codes several ({@link #unsupportedReason} says which). */
    default SampleLayout fixedLayout() {
        return null;
    }

    /**
     * Starts coding one image. The stream holds the per-image state; it is not thread-safe.
     *
     * @throws IllegalArgumentException when {@link #unsupportedReason} is not null
     */
    ConditionalStream open(SampleLayout layout);

    /**
     * How many variants of its conditionals the model offers, at least 1. An encoder may code an
     * image with any variant, and the file records which ({@link #open(SampleLayout, int)}):
     * variant 0 is {@link #open(SampleLayout)}, the others are the model's own per-image
     * adjustments, such as wider or narrower distributions. A writer tries at most the first 256.
     */
    default int variants() {
        return 1;
    }

    /**
     * Starts coding one image with conditionals of variant {@code variant}. The stream's batch
     * path {@link ConditionalStream#forEachConditional(byte[], QuantizedCdf[], ConditionalStream.VariantStep)}
     * gives every variant's conditionals at once when the stream is of variant 0.
     *
     * @throws IllegalArgumentException for a variant outside 0 .. {@link #variants()} - 1
     */
    default ConditionalStream open(SampleLayout layout, int variant) {
        if (variant != 0) {
            throw new IllegalArgumentException("model " + name() + " has no variant " + variant);
        }
        return open(layout);
    }
}
