package org.arcodec;

/** What an {@code .arc} file's header says, read without decoding the pixels. */
public record ArcInfo(
        int formatVersion,
        int width,
        int height,
        /** Side of the blocks of repeated pixels the file codes one pixel of (1 when none). */
        int blockWidth,
        int blockHeight,
        /** The variant of the model the payload codes with (0: the model as trained). */
        int modelVariant,
        ColorType colorType,
        int bitDepth,
        int paletteSize,
        String modelName,
        /** Hex of the weights' SHA-256 prefix recorded in the file. */
        String modelDigest,
        int headerBytes,
        long payloadBytes,
        long fileBytes) {

    public int channels() {
        return colorType.channels();
    }

    /** Samples the payload codes: one pixel per block. */
    public long codedSamples() {
        long codedWidth = (width + blockWidth - 1) / blockWidth;
        long codedHeight = (height + blockHeight - 1) / blockHeight;
        return codedWidth * codedHeight * colorType.channels();
    }

    public long samples() {
        return (long) width * height * colorType.channels();
    }

    /** Bits per sample of the whole file: 8 * fileBytes / (width * height * channels). */
    public double bitsPerSample() {
        return 8.0 * fileBytes / samples();
    }
}
