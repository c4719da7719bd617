package org.arcodec.internal.image;

import org.arcodec.ColorType;
import org.arcodec.Palette;
import org.arcodec.RasterImage;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a {@link RasterImage} as a PNG whose IHDR colour type and bit depth are exactly the
 * image's layout, with its palette (PLTE, and tRNS when the palette has alpha) entry for entry.
 *
 * <p>Why not ImageIO's PNG writer: it derives the colour type from the {@code ColorModel} and
 * second-guesses it. A palette that happens to be a gray ramp is written as a gray PNG, a palette
 * shorter than {@code 2^bitDepth} is padded, and 1/2/4-bit gray needs a gray-ramp
 * {@code IndexColorModel} that it may turn into a palette; steering it through IHDR metadata and
 * {@code mergeTree} depends on undocumented behaviour of one JDK class. A PNG of one IHDR, PLTE,
 * tRNS, IDAT stream and IEND is short to write, exact by construction, and gives the same bytes
 * for the same image on every run (for a given zlib).
 *
 * <p>Metadata written: none beyond the layout (no gamma, colour profile, text or time). Rows are
 * never interlaced. Filters: palette and 1/2/4-bit rows use filter None, as the PNG specification
 * recommends; 8-bit rows use, per row, the filter with the smallest sum of absolute filtered bytes
 * (the usual heuristic), deflated with zlib's FILTERED strategy as libpng does (5-8% smaller
 * than the default strategy on the test photographs). zlib at its default level 6: level 9 is
 * markedly slower for well under 1%.
 */
final class PngEncoder {
    private static final int FILTER_NONE = 0;
    private static final int FILTER_SUB = 1;
    private static final int FILTER_UP = 2;
    private static final int FILTER_AVERAGE = 3;
    private static final int FILTER_PAETH = 4;
    private static final int FILTER_COUNT = 5;

    /** IDAT chunks hold at most this many bytes of the zlib stream. */
    private static final int IDAT_SIZE = 1 << 16;

    private PngEncoder() {
    }

    /** Writes the whole PNG to {@code out} (which it does not close). */
    static void encode(RasterImage image, OutputStream out) throws IOException {
        out.write(PngChunks.SIGNATURE);
        writeHeader(image, out);
        if (image.colorType() == ColorType.PALETTE) {
            writePalette(image.palette(), out);
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        // As libpng: filtered rows are small differences, which zlib's FILTERED strategy suits.
        deflater.setStrategy(adaptiveFilters(image) ? Deflater.FILTERED : Deflater.DEFAULT_STRATEGY);
        try (IdatStream idat = new IdatStream(out);
             DeflaterOutputStream zlib = new DeflaterOutputStream(idat, deflater, IDAT_SIZE)) {
            writeRows(image, zlib);
        } finally {
            deflater.end();
        }
        writeChunk(out, PngChunks.IEND, new byte[0], 0);
    }

    private static void writeHeader(RasterImage image, OutputStream out) throws IOException {
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, image.width());
        putInt(ihdr, 4, image.height());
        ihdr[8] = (byte) image.bitDepth();
        ihdr[9] = (byte) pngColorType(image.colorType());
        // ihdr[10..12]: compression 0 (zlib), filter method 0, interlace 0 (none).
        writeChunk(out, PngChunks.IHDR, ihdr, ihdr.length);
    }

    private static void writePalette(Palette palette, OutputStream out) throws IOException {
        int size = palette.size();
        byte[] plte = new byte[3 * size];
        byte[] trns = new byte[size];
        for (int i = 0; i < size; i++) {
            plte[3 * i] = (byte) palette.red(i);
            plte[3 * i + 1] = (byte) palette.green(i);
            plte[3 * i + 2] = (byte) palette.blue(i);
            trns[i] = (byte) palette.alpha(i);
        }
        writeChunk(out, PngChunks.PLTE, plte, plte.length);
        if (palette.hasAlpha()) {
            // Every entry's alpha, not trimmed of trailing 255s: the chunk's presence is what
            // marks the palette as having alpha when read back, even if all entries are opaque.
            writeChunk(out, PngChunks.TRNS, trns, trns.length);
        }
    }

    static int pngColorType(ColorType type) {
        return switch (type) {
            case GRAY -> PngChunks.COLOR_GRAY;
            case RGB -> PngChunks.COLOR_RGB;
            case PALETTE -> PngChunks.COLOR_PALETTE;
            case GRAY_ALPHA -> PngChunks.COLOR_GRAY_ALPHA;
            case RGBA -> PngChunks.COLOR_RGBA;
        };
    }

    /** Packs each row (MSB first below 8 bits), prefixes its filter type byte and deflates it. */
    private static void writeRows(RasterImage image, OutputStream zlib) throws IOException {
        int width = image.width();
        int bits = image.bitDepth();
        int channels = image.channels();
        int rowBytes = (int) (((long) width * channels * bits + 7) / 8);
        int bytesPerPixel = Math.max(1, channels * bits / 8);
        boolean adaptive = adaptiveFilters(image);
        byte[] samples = image.samples();
        byte[] previous = new byte[rowBytes];
        byte[] current = new byte[rowBytes];
        // filtered[f] holds the row under filter f, preceded by the filter type byte.
        byte[][] filtered = new byte[adaptive ? FILTER_COUNT : 1][rowBytes + 1];
        for (int f = 0; f < filtered.length; f++) {
            filtered[f][0] = (byte) f;
        }
        long[] cost = new long[FILTER_COUNT];
        for (int y = 0; y < image.height(); y++) {
            if (bits == 8) {
                System.arraycopy(samples, y * rowBytes, current, 0, rowBytes);
            } else {
                packRow(samples, y * width, width, bits, current);
            }
            if (adaptive) {
                zlib.write(filtered[filterRow(current, previous, bytesPerPixel, filtered, cost)]);
            } else {
                System.arraycopy(current, 0, filtered[FILTER_NONE], 1, rowBytes);
                zlib.write(filtered[FILTER_NONE]);
            }
            byte[] swap = previous;
            previous = current;
            current = swap;
        }
    }

    /** Whether rows get the best of the five filters (8-bit samples) rather than filter None (indices, packed bits). */
    private static boolean adaptiveFilters(RasterImage image) {
        return image.bitDepth() == 8 && image.colorType() != ColorType.PALETTE;
    }

    /** Packs {@code width} samples of {@code bits} bits (1, 2 or 4) into bytes, leftmost pixel in the high bits. */
    private static void packRow(byte[] samples, int start, int width, int bits, byte[] row) {
        Arrays.fill(row, (byte) 0);
        int perByte = 8 / bits;
        for (int x = 0; x < width; x++) {
            int shift = 8 - bits * (x % perByte + 1);
            row[x / perByte] |= (byte) ((samples[start + x] & 0xFF) << shift);
        }
    }

    /**
     * Fills {@code filtered[f]} with the row under each of the five filters and returns the one
     * whose bytes, read as signed, have the smallest sum of absolute values ({@code cost} is scratch).
     */
    private static int filterRow(byte[] row, byte[] above, int bpp, byte[][] filtered, long[] cost) {
        byte[] none = filtered[FILTER_NONE];
        byte[] sub = filtered[FILTER_SUB];
        byte[] up = filtered[FILTER_UP];
        byte[] average = filtered[FILTER_AVERAGE];
        byte[] paeth = filtered[FILTER_PAETH];
        Arrays.fill(cost, 0);
        for (int i = 0; i < row.length; i++) {
            int x = row[i] & 0xFF;
            int a = i >= bpp ? row[i - bpp] & 0xFF : 0;
            int b = above[i] & 0xFF;
            int c = i >= bpp ? above[i - bpp] & 0xFF : 0;
            none[i + 1] = (byte) x;
            sub[i + 1] = (byte) (x - a);
            up[i + 1] = (byte) (x - b);
            average[i + 1] = (byte) (x - ((a + b) >>> 1));
            paeth[i + 1] = (byte) (x - paethPredictor(a, b, c));
            cost[FILTER_NONE] += Math.abs(none[i + 1]);
            cost[FILTER_SUB] += Math.abs(sub[i + 1]);
            cost[FILTER_UP] += Math.abs(up[i + 1]);
            cost[FILTER_AVERAGE] += Math.abs(average[i + 1]);
            cost[FILTER_PAETH] += Math.abs(paeth[i + 1]);
        }
        int best = FILTER_NONE;
        for (int f = 1; f < FILTER_COUNT; f++) {
            if (cost[f] < cost[best]) {
                best = f;
            }
        }
        return best;
    }

    private static int paethPredictor(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        if (pa <= pb && pa <= pc) {
            return a;
        }
        return pb <= pc ? b : c;
    }

    private static void writeChunk(OutputStream out, int type, byte[] data, int length) throws IOException {
        byte[] head = new byte[8];
        putInt(head, 0, length);
        putInt(head, 4, type);
        CRC32 crc = new CRC32();
        crc.update(head, 4, 4);
        crc.update(data, 0, length);
        byte[] tail = new byte[4];
        putInt(tail, 0, (int) crc.getValue());
        out.write(head);
        out.write(data, 0, length);
        out.write(tail);
    }

    private static void putInt(byte[] target, int offset, int value) {
        target[offset] = (byte) (value >>> 24);
        target[offset + 1] = (byte) (value >>> 16);
        target[offset + 2] = (byte) (value >>> 8);
        target[offset + 3] = (byte) value;
    }

    /** Cuts the zlib stream into IDAT chunks of at most {@link #IDAT_SIZE} bytes. Closing does not close the target. */
    private static final class IdatStream extends OutputStream {
        private final OutputStream target;
        private final byte[] buffer = new byte[IDAT_SIZE];
        private int filled;

        IdatStream(OutputStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) throws IOException {
            if (filled == buffer.length) {
                flushChunk();
            }
            buffer[filled++] = (byte) b;
        }

        @Override
        public void write(byte[] data, int offset, int length) throws IOException {
            while (length > 0) {
                if (filled == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(length, buffer.length - filled);
                System.arraycopy(data, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
            }
        }

        private void flushChunk() throws IOException {
            writeChunk(target, PngChunks.IDAT, buffer, filled);
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (filled > 0) {
                flushChunk();
            }
        }
    }
}
