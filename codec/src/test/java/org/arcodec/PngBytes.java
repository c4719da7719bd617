package org.arcodec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Hand-made PNG files for tests: chunks with correct CRCs around whatever contents a test needs. */
public final class PngBytes {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private PngBytes() {
    }

    /** A PNG with the given IHDR and an IDAT far too short for it: enough to reach header checks. */
    public static byte[] withHeader(int width, int height, int bitDepth, int colorType) {
        return file(chunk("IHDR", ihdr(width, height, bitDepth, colorType)), chunk("IDAT", deflate(new byte[16])),
                chunk("IEND", new byte[0]));
    }

    /** The body of an IHDR chunk (no interlace). */
    public static byte[] ihdr(int width, int height, int bitDepth, int colorType) {
        return ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) bitDepth).put((byte) colorType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array();
    }

    /** The signature followed by the given chunks. */
    public static byte[] file(byte[]... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        for (byte[] chunk : chunks) {
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** {@code png} with one more chunk inserted just before its first IDAT. */
    public static byte[] withChunkBeforeIdat(byte[] png, String type, byte[] body) {
        return insertBeforeIdat(png, chunk(type, body));
    }

    /** {@code png} with the bytes of a whole chunk (length, type, body, CRC, right or wrong) inserted before its first IDAT. */
    public static byte[] insertBeforeIdat(byte[] png, byte[] chunk) {
        int position = SIGNATURE.length;
        while (!new String(png, position + 4, 4, StandardCharsets.US_ASCII).equals("IDAT")) {
            position += 12 + ByteBuffer.wrap(png, position, 4).getInt();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, position);
        out.writeBytes(chunk);
        out.write(png, position, png.length - position);
        return out.toByteArray();
    }

    public static byte[] chunk(String type, byte[] body) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(body);
        return ByteBuffer.allocate(12 + body.length).putInt(body.length).put(name).put(body)
                .putInt((int) crc.getValue()).array();
    }

    /** A zlib stream of {@code data}, for an IDAT body (rows already prefixed by their filter byte). */
    public static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buffer = new byte[64 + data.length];
        int length = deflater.deflate(buffer);
        deflater.end();
        return Arrays.copyOf(buffer, length);
    }
}
