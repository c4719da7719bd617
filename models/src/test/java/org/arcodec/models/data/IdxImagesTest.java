package org.arcodec.models.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxImagesTest {
    /** An IDX3 file: magic, dimensions, then the given pixel bytes (which may not match). */
    private static byte[] idx(int magic, int count, int rows, int columns, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        out.write(pixels);
        return bytes.toByteArray();
    }

    private static byte[] ramp(int length) {
        byte[] pixels = new byte[length];
        for (int k = 0; k < length; k++) {
            pixels[k] = (byte) (k * 37);
        }
        return pixels;
    }

    private static IdxImages read(byte[] file) throws IOException {
        return IdxImages.read(new ByteArrayInputStream(file), "test.idx", IdxImages.DEFAULT_MAX_BYTES);
    }

    @Test
    void readsGzippedFile(@TempDir Path dir) throws IOException {
        byte[] pixels = ramp(3 * 2 * 4);
        Path file = dir.resolve("tiny-images-idx3-ubyte.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(idx(0x803, 3, 2, 4, pixels));
        }
        IdxImages images = IdxImages.read(file);
        assertEquals(3, images.count());
        assertEquals(2, images.rows());
        assertEquals(4, images.columns());
        assertEquals(8, images.imageSize());
        assertArrayEquals(pixels, images.pixels());
        assertEquals(pixels[8 + 5] & 0xFF, images.pixel(1, 5));
        assertEquals(37 * 23 & 0xFF, images.pixel(2, 7));
    }

    @Test
    void slicesImages() throws IOException {
        byte[] pixels = ramp(4 * 2 * 2);
        IdxImages slice = read(idx(0x803, 4, 2, 2, pixels)).slice(1, 3);
        assertEquals(2, slice.count());
        assertEquals(pixels[4] & 0xFF, slice.pixel(0, 0));
        assertEquals(pixels[11] & 0xFF, slice.pixel(1, 3));
        assertThrows(IllegalArgumentException.class, () -> slice.slice(1, 1));
    }

    @Test
    void rejectsWrongMagic() {
        IOException e = assertThrows(IOException.class, () -> read(idx(0x801, 1, 1, 1, new byte[1])));
        assertTrue(e.getMessage().contains("magic 0x00000801"), e.getMessage());
    }

    @Test
    void rejectsBadDimensions() {
        IOException e = assertThrows(IOException.class, () -> read(idx(0x803, 0, 28, 28, new byte[0])));
        assertTrue(e.getMessage().contains("bad dimensions 0 x 28 x 28"), e.getMessage());
        e = assertThrows(IOException.class, () -> read(idx(0x803, 2, -1, 28, new byte[0])));
        assertTrue(e.getMessage().contains("bad dimensions"), e.getMessage());
    }

    @Test
    void rejectsSizesAboveTheLimitBeforeAllocating() {
        // 2^31 - 1 images of 2^31 - 1 x 2^31 - 1 pixels: refused from the header alone.
        int big = Integer.MAX_VALUE;
        IOException e = assertThrows(IOException.class, () -> read(idx(0x803, big, big, big, new byte[0])));
        assertTrue(e.getMessage().contains("exceed the limit"), e.getMessage());
        IOException small = assertThrows(IOException.class, () -> IdxImages.read(
                new ByteArrayInputStream(idx(0x803, 10, 2, 2, new byte[40])), "t", 39));
        assertTrue(small.getMessage().contains("exceed the limit of 39 bytes"), small.getMessage());
    }

    @Test
    void rejectsTruncatedHeaderAndPixels() {
        IOException header = assertThrows(IOException.class, () -> read(new byte[] {0, 0, 8, 3, 0, 0}));
        assertTrue(header.getMessage().contains("truncated IDX header"), header.getMessage());
        IOException pixels = assertThrows(IOException.class, () -> read(idx(0x803, 2, 2, 2, new byte[7])));
        assertTrue(pixels.getMessage().contains("truncated"), pixels.getMessage());
    }

    @Test
    void rejectsTrailingBytes() {
        IOException e = assertThrows(IOException.class, () -> read(idx(0x803, 1, 2, 2, new byte[5])));
        assertTrue(e.getMessage().contains("unexpected bytes after"), e.getMessage());
    }
}
