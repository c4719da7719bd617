package org.arcodec;

/** What an {@code .arc} file's header says, read without decoding the pixels. */
public record ArcInfo(
        int formatVersion,
        int width,
        int height,
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

    public long samples() {
        return (long) width * height * colorType.channels();
    }

    /** Bits per sample of the whole file: 8 * fileBytes / (width * height * channels). */
    public double bitsPerSample() {
        return 8.0 * fileBytes / samples();
    }
}
