package org.arcodec.model;

/**
 * What a model is asked to code: a width x height grid of pixels with {@code channels}
 * samples each, every sample a symbol in {@code [0, alphabetSize)}.
 */
public record SampleLayout(int width, int height, int channels, int alphabetSize) {
    public SampleLayout {
        if (width < 1 || height < 1 || channels < 1 || alphabetSize < 2 || alphabetSize > QuantizedCdf.MAX_ALPHABET) {
            throw new IllegalArgumentException("invalid layout " + width + "x" + height + "x" + channels
                    + " over " + alphabetSize + " symbols");
        }
    }

    /** Total number of samples: width * height * channels. */
    public long samples() {
        return (long) width * height * channels;
    }
}
