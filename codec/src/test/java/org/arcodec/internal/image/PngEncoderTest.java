package org.arcodec.internal.image;

import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.RasterImage;
import org.arcodec.SyntheticImages;
import org.arcodec.SyntheticImages.Content;
import org.arcodec.SyntheticImages.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngEncoderTest {
    @TempDir
    Path dir;

    /** A chunk of an encoded PNG. */
    record Chunk(String type, byte[] body) {
    }

    static List<Chunk> chunks(byte[] png) {
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(png, 8, png.length - 8);
        while (buffer.hasRemaining()) {
            byte[] body = new byte[buffer.getInt()];
            byte[] type = new byte[4];
            buffer.get(type).get(body).getInt();
            chunks.add(new Chunk(new String(type, StandardCharsets.US_ASCII), body));
        }
        return chunks;
    }

    static byte[] encode(RasterImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PngEncoder.encode(image, out);
        return out.toByteArray();
    }

    static List<Layout> layouts() {
        return SyntheticImages.allLayouts();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void headerAndPaletteChunksStateTheLayoutExactly(Layout layout) throws IOException {
        RasterImage image = SyntheticImages.create(layout, 11, 3, Content.NOISE, 1);
        List<Chunk> chunks = chunks(encode(image));
        ByteBuffer ihdr = ByteBuffer.wrap(chunks.get(0).body());
        assertEquals("IHDR", chunks.get(0).type());
        assertEquals(11, ihdr.getInt());
        assertEquals(3, ihdr.getInt());
        assertEquals(layout.bitDepth(), ihdr.get());
        int expectedType = switch (layout.colorType()) {
            case GRAY -> 0;
            case RGB -> 2;
            case PALETTE -> 3;
            case GRAY_ALPHA -> 4;
            case RGBA -> 6;
        };
        assertEquals(expectedType, ihdr.get());
        List<String> types = chunks.stream().map(Chunk::type).toList();
        if (layout.colorType() == ColorType.PALETTE) {
            assertEquals(3 * layout.paletteSize(), chunks.get(1).body().length);
            assertEquals(layout.paletteAlpha(), types.contains("tRNS"));
        } else {
            assertTrue(!types.contains("PLTE") && !types.contains("tRNS"), types::toString);
        }
        assertEquals("IEND", types.get(types.size() - 1));
    }

    @Test
    void sameImageGivesTheSameBytes() throws IOException {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGBA, 8, 0, false), 40, 30,
                Content.GRADIENT, 9);
        assertArrayEquals(encode(image), encode(image));
    }

    @Test
    void largeImageSpansSeveralIdatChunksAndReadsBack() throws IOException {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 300, 200,
                Content.NOISE, 2);
        byte[] png = encode(image);
        long idats = chunks(png).stream().filter(c -> c.type().equals("IDAT")).count();
        assertTrue(idats >= 2, "IDAT chunks: " + idats);
        Path file = dir.resolve("large.png");
        Files.write(file, png);
        assertEquals(image, ImageFiles.read(file));
    }

    @Test
    void photoUsesEveryFilterAndReadsBack() throws IOException, DataFormatException {
        RasterImage photo = ImageFiles.read(testdata("photo-rgb.png"));
        byte[] png = encode(photo);
        Path file = dir.resolve("photo.png");
        Files.write(file, png);
        assertEquals(photo, ImageFiles.read(file));

        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        chunks(png).stream().filter(c -> c.type().equals("IDAT")).forEach(c -> idat.writeBytes(c.body()));
        Inflater inflater = new Inflater();
        inflater.setInput(idat.toByteArray());
        int rowBytes = 1 + photo.width() * 3;
        byte[] rows = new byte[rowBytes * photo.height()];
        assertEquals(rows.length, inflater.inflate(rows));
        inflater.end();
        TreeSet<Integer> filters = new TreeSet<>();
        for (int y = 0; y < photo.height(); y++) {
            filters.add((int) rows[y * rowBytes]);
        }
        assertTrue(filters.containsAll(List.of(1, 2, 4)), "filters used: " + filters);
    }

    @Test
    void lowBitRowsArePackedHighBitsFirst() throws IOException, DataFormatException {
        RasterImage image = RasterImage.of(5, 1, ColorType.GRAY, 2, new byte[] {3, 0, 1, 2, 3});
        List<Chunk> chunks = chunks(encode(image));
        Inflater inflater = new Inflater();
        inflater.setInput(chunks.stream().filter(c -> c.type().equals("IDAT")).findFirst().orElseThrow().body());
        byte[] row = new byte[3];
        assertEquals(3, inflater.inflate(row));
        inflater.end();
        // filter None, then 11 00 01 10 | 11 000000
        assertArrayEquals(new byte[] {0, (byte) 0b11000110, (byte) 0b11000000}, row);
    }

    static Path testdata(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("testdata").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/" + name + " not found");
    }
}
