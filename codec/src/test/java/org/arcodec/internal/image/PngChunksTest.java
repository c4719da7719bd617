package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.Palette;
import org.arcodec.PngBytes;
import org.arcodec.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PngChunksTest {
    @TempDir
    Path dir;

    /** A 3x1 1-bit palette PNG, pixels 1 0 1, with the given PLTE and optional tRNS bodies. */
    private Path palettePng(byte[] plte, byte[] trns) throws IOException {
        byte[] idat = PngBytes.deflate(new byte[] {0, (byte) 0b10100000});
        byte[] file = trns == null
                ? PngBytes.file(PngBytes.chunk("IHDR", PngBytes.ihdr(3, 1, 1, 3)), PngBytes.chunk("PLTE", plte),
                        PngBytes.chunk("IDAT", idat), PngBytes.chunk("IEND", new byte[0]))
                : PngBytes.file(PngBytes.chunk("IHDR", PngBytes.ihdr(3, 1, 1, 3)), PngBytes.chunk("PLTE", plte),
                        PngBytes.chunk("tRNS", trns), PngBytes.chunk("IDAT", idat), PngBytes.chunk("IEND", new byte[0]));
        Path path = dir.resolve("palette.png");
        Files.write(path, file);
        return path;
    }

    @Test
    void paletteIsExactlyThePlteEntriesWithTrnsAlpha() throws IOException {
        byte[] plte = {1, 2, 3, 4, 5, 6};
        RasterImage image = ImageFiles.read(palettePng(plte, new byte[] {7}));
        assertEquals(new Palette(new byte[] {1, 2, 3, 7, 4, 5, 6, (byte) 255}, true), image.palette());
        assertArrayEquals(new byte[] {1, 0, 1}, image.samples());
    }

    @Test
    void plteEntriesBeyondTheBitDepthAreDropped() throws IOException {
        byte[] plte = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        RasterImage image = ImageFiles.read(palettePng(plte, null));
        assertEquals(new Palette(new byte[] {1, 2, 3, (byte) 255, 4, 5, 6, (byte) 255}, false), image.palette());
    }

    @Test
    void indexOutsideAShortPaletteIsRefused() throws IOException {
        Path file = palettePng(new byte[] {1, 2, 3}, null);
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().contains("pixel (0, 0) uses palette index 1, but the palette has only 1 entries"),
                e.getMessage());
    }

    @Test
    void paletteWithoutPlteIsRefused() throws IOException {
        byte[] file = PngBytes.file(PngBytes.chunk("IHDR", PngBytes.ihdr(3, 1, 1, 3)),
                PngBytes.chunk("IDAT", PngBytes.deflate(new byte[2])), PngBytes.chunk("IEND", new byte[0]));
        Path path = dir.resolve("noplte.png");
        Files.write(path, file);
        assertThrows(ArcodecException.class, () -> ImageFiles.read(path));
    }

    @Test
    void badCrcInAnAncillaryChunkIsRefusedToo() throws IOException {
        RasterImage image = RasterImage.of(2, 1, ColorType.GRAY, 8, new byte[] {5, 6});
        Path plain = dir.resolve("plain.png");
        ImageFiles.write(image, plain);
        byte[] text = PngBytes.chunk("tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
        text[text.length - 1] ^= 1;
        Path file = dir.resolve("damaged.png");
        Files.write(file, PngBytes.insertBeforeIdat(Files.readAllBytes(plain), text));
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(file));
        // Signature (8) and IHDR (25) come first.
        assertTrue(e.getMessage().contains("CRC of the tEXt chunk at byte 33"), e.getMessage());
    }

    @Test
    void firstChunkMustBeIhdr() throws IOException {
        byte[] file = PngBytes.file(PngBytes.chunk("IDAT", PngBytes.deflate(new byte[2])),
                PngBytes.chunk("IEND", new byte[0]));
        Path path = dir.resolve("noihdr.png");
        Files.write(path, file);
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(path));
        assertTrue(e.getMessage().contains("not IHDR"), e.getMessage());
    }
}
