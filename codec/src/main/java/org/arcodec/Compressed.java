package org.arcodec;

/**
 * The result of compressing one image: the {@code .arc} bytes, and the model's ideal code
 * length for the image (its negative log2-likelihood, in bits), which the file size tracks.
 */
public record Compressed(byte[] bytes, double idealBits, long samples) {

    /** Bits per sample actually spent: 8 * file bytes / (width * height * channels). */
    public double bitsPerSample() {
        return 8.0 * bytes.length / samples;
    }

    /** The model's negative log-likelihood in bits per sample. */
    public double idealBitsPerSample() {
        return idealBits / samples;
    }
}
