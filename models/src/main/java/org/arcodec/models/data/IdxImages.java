package org.arcodec.models.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * A stack of 8-bit grayscale images read from an IDX3 file ({@code *-images-idx3-ubyte}, as
 * MNIST and Fashion-MNIST ship them), gzipped or not.
 *
 * <p>IDX layout (big-endian): magic {@code 0x00000803} (two zero bytes, type {@code 0x08} =
 * unsigned byte, rank 3), then the three dimensions count, rows, columns, then
 * count x rows x columns pixel bytes, row-major. The header is validated (magic, positive
 * dimensions, a size that fits one array and is at most {@code maxBytes}) before the pixels
 * are allocated, and the file must end exactly after the last pixel.
 *
 * <p>Instances are immutable; {@link #pixels()} returns the backing array's copy.
 */
public final class IdxImages {
    /** Magic of an IDX file of unsigned bytes with three dimensions. */
    static final int MAGIC_UBYTE_RANK3 = 0x00000803;
    /** Default bound on the pixel bytes read: far above Fashion-MNIST's 47 MB. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;

    private IdxImages(int count, int rows, int columns, byte[] pixels) {
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
    }

    /** Reads a file; names ending in {@code .gz} are decompressed. */
    public static IdxImages read(Path path) throws IOException {
        try (InputStream raw = Files.newInputStream(path)) {
            InputStream in = new BufferedInputStream(raw, 1 << 16);
            if (path.getFileName().toString().endsWith(".gz")) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return read(in, path.toString(), DEFAULT_MAX_BYTES);
        }
    }

    /**
     * Reads an uncompressed IDX3 stream to its end (the stream is not closed).
     *
     * @param source what to call the input in error messages
     * @param maxBytes most pixel bytes accepted
     * @throws IOException on a read error or when the input is not a valid IDX3 image file
     */
    public static IdxImages read(InputStream in, String source, long maxBytes) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic = readHeaderInt(data, source, "magic");
        if (magic != MAGIC_UBYTE_RANK3) {
            throw new IOException(source + ": not an IDX3 unsigned-byte file (magic 0x"
                    + String.format("%08x", magic) + ", expected 0x00000803)");
        }
        int count = readHeaderInt(data, source, "image count");
        int rows = readHeaderInt(data, source, "row count");
        int columns = readHeaderInt(data, source, "column count");
        if (count < 1 || rows < 1 || columns < 1) {
            throw new IOException(source + ": bad dimensions " + count + " x " + rows + " x " + columns);
        }
        // rows * columns < 2^62 fits a long; the count is checked by division, so no product
        // of the three is formed before it is known to be within the bound.
        long perImage = (long) rows * columns;
        if (perImage > maxBytes || (long) count > maxBytes / perImage || count * perImage > Integer.MAX_VALUE - 8) {
            throw new IOException(source + ": " + count + " images of " + rows + " x " + columns
                    + " exceed the limit of " + Math.min(maxBytes, Integer.MAX_VALUE - 8) + " bytes");
        }
        byte[] pixels = new byte[(int) (count * perImage)];
        try {
            data.readFully(pixels);
        } catch (EOFException e) {
            throw new IOException(source + ": truncated: header announces " + pixels.length + " pixel bytes", e);
        }
        if (data.read() != -1) {
            throw new IOException(source + ": unexpected bytes after the last of " + count + " images");
        }
        return new IdxImages(count, rows, columns, pixels);
    }

    private static int readHeaderInt(DataInputStream in, String source, String what) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new IOException(source + ": truncated IDX header (no " + what + ")", e);
        }
    }

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Pixels per image: rows x columns. */
    public int imageSize() {
        return rows * columns;
    }

    /** Pixel value 0..255 of image {@code image} at sample index {@code index} (row-major). */
    public int pixel(int image, int index) {
        return pixels[image * imageSize() + index] & 0xFF;
    }

    /** All pixels, image after image, row-major: a copy. */
    public byte[] pixels() {
        return pixels.clone();
    }

    /** Images {@code from} (inclusive) to {@code to} (exclusive) as a new stack. */
    public IdxImages slice(int from, int to) {
        if (from < 0 || to > count || from >= to) {
            throw new IllegalArgumentException("bad slice [" + from + ", " + to + ") of " + count + " images");
        }
        byte[] part = new byte[(to - from) * imageSize()];
        System.arraycopy(pixels, from * imageSize(), part, 0, part.length);
        return new IdxImages(to - from, rows, columns, part);
    }
}
