package org.arcodec.internal.format;

import org.arcodec.ArcInfo;
import org.arcodec.ColorType;
import org.arcodec.CorruptArcException;
import org.arcodec.Palette;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/**
 * The header of an {@code .arc} stream, version 2 (version 1 is read too: same layout). The
 * layout is specified in docs/FORMAT.md; any change to it or to the bytes the coder writes is a
 * new format version.
 */
record ContainerHeader(
        int version,
        int width,
        int height,
        PixelBlocks blocks,
        int variant,
        ColorType colorType,
        int bitDepth,
        Palette palette,
        String modelName,
        byte[] modelDigest,
        long payloadLength,
        int headerLength) {

    static final byte[] MAGIC = {(byte) 0x89, 'A', 'R', 'C'};
    static final int FORMAT_VERSION = 2;
    /** Version 1 differs only in the tables of logistic-mixture convolutional models (docs/FORMAT.md). */
    static final int OLDEST_READABLE_VERSION = 1;
    static final int MODEL_DIGEST_BYTES = 8;
    static final int MAX_MODEL_NAME_BYTES = 64;
    /** Largest width or height. */
    static final int MAX_DIMENSION = 1 << 24;
    /** Largest width * height * channels: the samples must fit one Java array. */
    static final long MAX_SAMPLES = 1L << 30;
    static final int CRC_BYTES = 4;
    /** Flags bit 0: block sides follow the height, and the payload codes one pixel per block. */
    static final int FLAG_PIXEL_BLOCKS = 1;
    /** Flags bit 1: the model variant follows (the block sides), and the payload codes with it. */
    static final int FLAG_VARIANT = 2;
    static final int KNOWN_FLAGS = FLAG_PIXEL_BLOCKS | FLAG_VARIANT;
    /** Variants one byte records; a writer tries no more. */
    static final int MAX_VARIANTS = 256;

    long samples() {
        return (long) width * height * colorType.channels();
    }

    int alphabetSize() {
        return colorType == ColorType.PALETTE ? palette.size() : 1 << bitDepth;
    }

    String modelDigestHex() {
        return HexFormat.of().formatHex(modelDigest);
    }

    ArcInfo info(long fileBytes) {
        return new ArcInfo(version, width, height, blocks.blockWidth(), blocks.blockHeight(), variant, colorType,
                bitDepth, palette == null ? 0 : palette.size(), modelName, modelDigestHex(), headerLength, payloadLength,
                fileBytes);
    }

    /** The header bytes, ending with their CRC32C. */
    static byte[] encode(int width, int height, PixelBlocks blocks, int variant, ColorType colorType, int bitDepth,
                         Palette palette, String modelName, byte[] modelDigest, long payloadLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (palette == null ? 0 : 4 * palette.size()));
        out.writeBytes(MAGIC);
        out.write(FORMAT_VERSION);
        out.write((blocks.isNone() ? 0 : FLAG_PIXEL_BLOCKS) | (variant == 0 ? 0 : FLAG_VARIANT));
        writeVarint(out, width);
        writeVarint(out, height);
        if (!blocks.isNone()) {
            out.write(blocks.blockWidth());
            out.write(blocks.blockHeight());
        }
        if (variant != 0) {
            out.write(variant);
        }
        out.write(colorType.code());
        out.write(bitDepth);
        if (colorType == ColorType.PALETTE) {
            out.write(palette.size() - 1);
            out.write(palette.hasAlpha() ? 1 : 0);
            for (int i = 0; i < palette.size(); i++) {
                out.write(palette.red(i));
                out.write(palette.green(i));
                out.write(palette.blue(i));
                if (palette.hasAlpha()) {
                    out.write(palette.alpha(i));
                }
            }
        }
        byte[] name = modelName.getBytes(StandardCharsets.US_ASCII);
        out.write(name.length);
        out.writeBytes(name);
        out.write(modelDigest, 0, MODEL_DIGEST_BYTES);
        writeVarint(out, payloadLength);
        CRC32C crc = new CRC32C();
        crc.update(out.toByteArray());
        long value = crc.getValue();
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
        return out.toByteArray();
    }

    /** Whether {@code name} can be stored: 1 to 64 printable ASCII characters. */
    static boolean isValidModelName(String name) {
        if (name.isEmpty() || name.length() > MAX_MODEL_NAME_BYTES) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses and checks the header at the start of {@code arc}: magic, version, checksum, field
     * values and limits, and that the stream is exactly as long as the header says. Allocates
     * nothing in proportion to the claimed image size.
     */
    static ContainerHeader parse(byte[] arc) {
        HeaderReader in = new HeaderReader(arc);
        if (arc.length < MAGIC.length || !java.util.Arrays.equals(arc, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptArcException(0, "not an arcodec file (no .arc signature)");
        }
        in.bytes(MAGIC.length, "signature");
        int version = in.u8("format version");
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new CorruptArcException(4, "format version " + version + " is not supported; this arcodec reads"
                    + " versions " + OLDEST_READABLE_VERSION + " to " + FORMAT_VERSION);
        }
        int flags = in.u8("flags");
        long width = in.varint("width", 4);
        long height = in.varint("height", 4);
        int blockWidth = 1;
        int blockHeight = 1;
        if ((flags & FLAG_PIXEL_BLOCKS) != 0) {
            blockWidth = in.u8("block width");
            blockHeight = in.u8("block height");
        }
        int variant = (flags & FLAG_VARIANT) != 0 ? in.u8("model variant") : 0;
        int colorCode = in.u8("colour type");
        int bitDepth = in.u8("bit depth");
        ColorType colorType = ColorType.fromCode(colorCode);
        // Fields are read structurally first; their values are judged once the checksum
        // says they are the bytes that were written.
        int paletteEntries = 0;
        int paletteAlphaFlag = 0;
        byte[] paletteBytes = null;
        if (colorType == ColorType.PALETTE) {
            paletteEntries = in.u8("palette size") + 1;
            paletteAlphaFlag = in.u8("palette alpha flag");
            paletteBytes = in.bytes(paletteEntries * (paletteAlphaFlag == 1 ? 4 : 3), "palette");
        }
        int nameLength = in.u8("model name length");
        int nameOffset = in.position();
        String modelName = new String(in.bytes(nameLength, "model name"), StandardCharsets.US_ASCII);
        byte[] digest = in.bytes(MODEL_DIGEST_BYTES, "model digest");
        long payloadLength = in.varint("payload length", 9);
        int crcOffset = in.position();
        long storedCrc = in.u32("header checksum");
        CRC32C crc = new CRC32C();
        crc.update(arc, 0, crcOffset);
        if (crc.getValue() != storedCrc) {
            throw new CorruptArcException(crcOffset, "header checksum mismatch: the header is damaged");
        }
        if (colorType == null) {
            throw new CorruptArcException(6, "unknown colour type " + colorCode);
        }
        if (paletteAlphaFlag > 1) {
            throw new CorruptArcException(6, "invalid palette alpha flag " + paletteAlphaFlag);
        }
        Palette palette = paletteBytes == null ? null : unpackPalette(paletteBytes, paletteEntries, paletteAlphaFlag == 1);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new CorruptArcException(5, "unknown flags " + flags + " (written by a newer arcodec?)");
        }
        if ((flags & FLAG_PIXEL_BLOCKS) != 0 && (blockWidth < 1 || blockHeight < 1
                || blockWidth == 1 && blockHeight == 1 || blockWidth > width || blockHeight > height)) {
            throw new CorruptArcException(5, "invalid pixel blocks " + blockWidth + "x" + blockHeight + " for a "
                    + width + "x" + height + " image");
        }
        if ((flags & FLAG_VARIANT) != 0 && variant == 0) {
            throw new CorruptArcException(5, "model variant 0 is recorded by leaving flag bit 1 clear");
        }
        if (width < 1 || height < 1 || width > MAX_DIMENSION || height > MAX_DIMENSION) {
            throw new CorruptArcException(6, "image size " + width + "x" + height + " is outside 1.." + MAX_DIMENSION);
        }
        long samples = width * height * colorType.channels();
        if (samples > MAX_SAMPLES) {
            throw new CorruptArcException(6, "image of " + width + "x" + height + "x" + colorType.channels()
                    + " samples is larger than the limit of " + MAX_SAMPLES + " samples");
        }
        if (!colorType.allowsBitDepth(bitDepth)) {
            throw new CorruptArcException(6, bitDepth + "-bit samples are invalid for " + colorType);
        }
        if (palette != null && palette.size() > 1 << bitDepth) {
            throw new CorruptArcException(6, "a " + bitDepth + "-bit palette cannot have " + palette.size() + " entries");
        }
        if (!isValidModelName(modelName)) {
            throw new CorruptArcException(nameOffset, "invalid model name");
        }
        int headerLength = in.position();
        long expectedLength = headerLength + payloadLength + CRC_BYTES;
        if (arc.length < expectedLength) {
            throw new CorruptArcException(arc.length, "file is truncated: " + expectedLength
                    + " bytes expected, " + arc.length + " present");
        }
        if (arc.length > expectedLength) {
            throw new CorruptArcException(expectedLength, (arc.length - expectedLength)
                    + " unexpected bytes after the end of the image");
        }
        return new ContainerHeader(version, (int) width, (int) height, new PixelBlocks(blockWidth, blockHeight),
                variant, colorType, bitDepth, palette, modelName,
                digest, payloadLength, headerLength);
    }

    private static Palette unpackPalette(byte[] packed, int entries, boolean hasAlpha) {
        int bytesPerEntry = hasAlpha ? 4 : 3;
        byte[] rgba = new byte[entries * 4];
        for (int i = 0; i < entries; i++) {
            System.arraycopy(packed, i * bytesPerEntry, rgba, i * 4, bytesPerEntry);
        }
        return new Palette(rgba, hasAlpha);
    }

    private static void writeVarint(ByteArrayOutputStream out, long value) {
        while (value >= 0x80) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
