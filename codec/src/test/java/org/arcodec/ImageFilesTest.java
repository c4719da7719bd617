package org.arcodec;

import org.arcodec.SyntheticImages.Content;
import org.arcodec.SyntheticImages.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Reading real files, writing and reading back every layout in every format, and refusals. */
class ImageFilesTest {
    /** Every suffix {@link ImageFiles#write} knows. */
    private static final List<String> SUFFIXES = List.of("png", "bmp", "tif", "tiff", "pgm", "ppm", "pnm", "pam");
    private static final int[][] SIZES = {{1, 1}, {7, 5}, {13, 1}, {1, 13}, {33, 17}};

    @TempDir
    Path dir;

    static Path testdata(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("testdata").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    // ---- real files ----

    /** file, colour type, bit depth, width, height, palette entries (0: none), palette alpha. */
    static Stream<Arguments> realFiles() {
        return Stream.of(
                Arguments.of("photo-rgb.png", ColorType.RGB, 8, 120, 80, 0, false),
                Arguments.of("photo-rgba.png", ColorType.RGBA, 8, 96, 96, 0, false),
                Arguments.of("photo-gray.png", ColorType.GRAY, 8, 96, 96, 0, false),
                Arguments.of("photo-gray-alpha.png", ColorType.GRAY_ALPHA, 8, 96, 96, 0, false),
                Arguments.of("gray-1bit.png", ColorType.GRAY, 1, 128, 64, 0, false),
                Arguments.of("gray-2bit.png", ColorType.GRAY, 2, 96, 96, 0, false),
                Arguments.of("gray-4bit.png", ColorType.GRAY, 4, 96, 96, 0, false),
                Arguments.of("palette-4bit.png", ColorType.PALETTE, 4, 96, 64, 16, false),
                Arguments.of("palette-4bit-interlaced.png", ColorType.PALETTE, 4, 96, 64, 16, false),
                Arguments.of("palette-8bit.png", ColorType.PALETTE, 8, 96, 64, 255, false),
                Arguments.of("palette-alpha.png", ColorType.PALETTE, 8, 96, 96, 64, true),
                Arguments.of("photo.ppm", ColorType.RGB, 8, 96, 96, 0, false),
                Arguments.of("photo.pgm", ColorType.GRAY, 8, 96, 96, 0, false),
                Arguments.of("photo.bmp", ColorType.RGB, 8, 96, 96, 0, false),
                Arguments.of("palette-8bit-rle.bmp", ColorType.PALETTE, 8, 96, 64, 256, false),
                Arguments.of("photo.tif", ColorType.RGB, 8, 96, 96, 0, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFiles")
    void realFileReadsWithItsLayout(String name, ColorType type, int depth, int width, int height, int paletteSize,
                                    boolean paletteAlpha) {
        RasterImage image = ImageFiles.read(testdata(name));
        assertEquals(type, image.colorType());
        assertEquals(depth, image.bitDepth());
        assertEquals(width, image.width());
        assertEquals(height, image.height());
        if (paletteSize == 0) {
            assertNull(image.palette());
        } else {
            assertEquals(paletteSize, image.palette().size());
            assertEquals(paletteAlpha, image.palette().hasAlpha());
        }
        assertTrue(distinctValues(image) > 1, "a real photograph has more than one sample value");
    }

    static Stream<String> realFileNames() {
        return realFiles().map(arguments -> (String) arguments.get()[0]);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realFileNames")
    void realFileRoundTripsThroughEveryFormatThatHoldsIt(String name) throws IOException {
        RasterImage image = ImageFiles.read(testdata(name));
        assertRoundTripsOrIsRefused(image, name);
    }

    @Test
    void binaryPnmSamplesAreTheFileBytes() throws IOException {
        // P6/P5 with maxval 255 store the samples raw after the header: an independent reference.
        RasterImage rgb = ImageFiles.read(testdata("photo.ppm"));
        byte[] ppm = Files.readAllBytes(testdata("photo.ppm"));
        assertArrayEquals(Arrays.copyOfRange(ppm, ppm.length - 96 * 96 * 3, ppm.length), rgb.samples());
        RasterImage gray = ImageFiles.read(testdata("photo.pgm"));
        byte[] pgm = Files.readAllBytes(testdata("photo.pgm"));
        assertArrayEquals(Arrays.copyOfRange(pgm, pgm.length - 96 * 96, pgm.length), gray.samples());
    }

    @Test
    void theSamePixelsDecodeAlikeFromEveryFormat() {
        // testdata/README.md: these files were made from the same resized pixels.
        RasterImage reference = ImageFiles.read(testdata("photo.ppm"));
        assertEquals(reference, ImageFiles.read(testdata("photo.bmp")));
        assertEquals(reference, ImageFiles.read(testdata("photo.tif")));
        assertEquals(ImageFiles.read(testdata("photo.pgm")), ImageFiles.read(testdata("photo-gray.png")));
        assertEquals(ImageFiles.read(testdata("palette-4bit.png")),
                ImageFiles.read(testdata("palette-4bit-interlaced.png")));
    }

    @Test
    void paletteAlphaComesFromTrnsAndEntriesPastItAreOpaque() {
        // palette-alpha.png: 64 PLTE entries, 63 tRNS entries.
        Palette palette = ImageFiles.read(testdata("palette-alpha.png")).palette();
        assertEquals(255, palette.alpha(63));
        boolean translucent = false;
        for (int i = 0; i < 63; i++) {
            translucent |= palette.alpha(i) > 0 && palette.alpha(i) < 255;
        }
        assertTrue(translucent, "the photo's soft edge gives partly transparent entries");
    }

    // ---- synthetic images ----

    static List<Layout> layouts() {
        List<Layout> layouts = new ArrayList<>(SyntheticImages.allLayouts());
        layouts.add(new Layout(ColorType.PALETTE, 1, 1, false));
        layouts.add(new Layout(ColorType.PALETTE, 4, 7, true));
        return layouts;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void everyLayoutRoundTripsThroughPng(Layout layout) {
        long seed = 100;
        for (int[] size : SIZES) {
            for (Content content : Content.values()) {
                RasterImage image = SyntheticImages.create(layout, size[0], size[1], content, seed++);
                Path file = dir.resolve("image.png");
                ImageFiles.write(image, file);
                assertEquals(image, ImageFiles.read(file), () -> layout + " " + size[0] + "x" + size[1] + " " + content);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void everyLayoutRoundTripsThroughEveryFormatThatHoldsIt(Layout layout) throws IOException {
        RasterImage image = SyntheticImages.create(layout, 13, 7, Content.NOISE, 7);
        assertRoundTripsOrIsRefused(image, layout.toString());
    }

    @Test
    void paletteThatIsAGrayRampStaysAPaletteInPng() throws IOException {
        for (int bits : new int[] {1, 2, 4, 8}) {
            RasterImage image = SyntheticImages.create(new Layout(ColorType.PALETTE, bits, 1 << bits, false),
                    9, 4, Content.GRADIENT, bits);
            byte[] ramp = new byte[4 << bits];
            for (int i = 0; i < 1 << bits; i++) {
                int v = i * 255 / ((1 << bits) - 1);
                ramp[4 * i] = ramp[4 * i + 1] = ramp[4 * i + 2] = (byte) v;
            }
            RasterImage gray = RasterImage.indexed(9, 4, bits, new Palette(ramp, false), image.samples());
            Path file = dir.resolve("ramp.png");
            ImageFiles.write(gray, file);
            assertEquals(3, Files.readAllBytes(file)[25], "IHDR colour type 3 (palette)");
            assertEquals(gray, ImageFiles.read(file));
            ArcodecException e = assertThrows(ArcodecException.class,
                    () -> ImageFiles.write(gray, dir.resolve("ramp.tif")));
            assertTrue(e.getMessage().contains("gray ramp"), e.getMessage());
        }
    }

    @Test
    void paletteWithRepeatedColoursKeepsItsIndices() {
        byte[] sameColour = new byte[4 * 4];
        Arrays.fill(sameColour, (byte) 40);
        byte[] indices = {0, 1, 2, 3, 3, 2, 1, 0};
        RasterImage image = RasterImage.indexed(4, 2, 2, new Palette(sameColour, false), indices);
        for (String suffix : List.of("png", "tif")) {
            Path file = dir.resolve("same." + suffix);
            ImageFiles.write(image, file);
            assertEquals(image, ImageFiles.read(file), suffix);
        }
    }

    @Test
    void opaquePaletteMarkedWithAlphaKeepsTheMark() {
        byte[] rgba = new byte[4 * 3];
        Arrays.fill(rgba, (byte) 0xFF);
        RasterImage image = RasterImage.indexed(3, 1, 2, new Palette(rgba, true), new byte[] {0, 1, 2});
        Path file = dir.resolve("marked.png");
        ImageFiles.write(image, file);
        assertEquals(image, ImageFiles.read(file));
    }

    // ---- refusals ----

    @Test
    void sixteenBitInputIsRefusedNamingTheFile() {
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(testdata("photo-rgb16.png")));
        assertTrue(e.getMessage().contains("photo-rgb16.png"), e.getMessage());
        assertTrue(e.getMessage().contains("16-bit RGB samples are not supported"), e.getMessage());
        assertTrue(e.getMessage().contains("convert to 8 bits per sample"), e.getMessage());
    }

    @Test
    void truncatedPngIsRefusedNamingTheFile() throws IOException {
        byte[] png = Files.readAllBytes(testdata("photo-rgb.png"));
        Path file = dir.resolve("cut.png");
        Files.write(file, Arrays.copyOf(png, png.length / 2));
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void textFileIsRefusedNamingTheFile() throws IOException {
        Path file = dir.resolve("notes.png");
        Files.writeString(file, "This is not an image, whatever its name says.\n", StandardCharsets.UTF_8);
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("not an image"), e.getMessage());
    }

    @Test
    void missingEmptyAndFolderAreRefusedNamingThePath() throws IOException {
        Path missing = dir.resolve("missing.png");
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertMessage(missing, "no such file");
        assertMessage(empty, "is empty");
        assertMessage(dir, "folder");
    }

    private static void assertMessage(Path file, String expected) {
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void pngCutAtAnyByteIsRefused() throws IOException {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 7, 5, Content.NOISE, 3);
        Path source = dir.resolve("whole.png");
        ImageFiles.write(image, source);
        byte[] png = Files.readAllBytes(source);
        Path cut = dir.resolve("cut.png");
        for (int length = 0; length < png.length; length++) {
            Files.write(cut, Arrays.copyOf(png, length));
            assertThrows(ArcodecException.class, () -> ImageFiles.read(cut), "cut at " + length);
        }
    }

    @Test
    void pngWithAnyBitFlippedIsRefused() throws IOException {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.PALETTE, 4, 11, true), 5, 3, Content.NOISE, 4);
        Path source = dir.resolve("whole.png");
        ImageFiles.write(image, source);
        byte[] png = Files.readAllBytes(source);
        Path flipped = dir.resolve("flipped.png");
        for (int bit = 0; bit < 8 * png.length; bit++) {
            byte[] copy = png.clone();
            copy[bit / 8] ^= (byte) (1 << bit % 8);
            Files.write(flipped, copy);
            int at = bit;
            assertThrows(ArcodecException.class, () -> ImageFiles.read(flipped), () -> "bit " + at);
        }
    }

    @Test
    void otherFormatsCutShortGiveAnErrorOrTheWholeImage() throws IOException {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 13, 7, Content.NOISE, 5);
        for (String suffix : List.of("bmp", "tif", "ppm", "pam")) {
            Path source = dir.resolve("whole." + suffix);
            ImageFiles.write(image, source);
            byte[] bytes = Files.readAllBytes(source);
            Path cut = dir.resolve("cut." + suffix);
            for (int length = 0; length < bytes.length; length++) {
                Files.write(cut, Arrays.copyOf(bytes, length));
                try {
                    assertEquals(image, ImageFiles.read(cut), suffix + " cut at " + length + " of " + bytes.length);
                } catch (ArcodecException expected) {
                    assertTrue(expected.getMessage().startsWith(cut.toString()), expected.getMessage());
                }
            }
        }
    }

    @Test
    void absurdHeaderSizeIsRefusedBeforeDecoding() throws IOException {
        Path pgm = dir.resolve("huge.pgm");
        Files.write(pgm, "P5\n100000 100000\n255\nxyz".getBytes(StandardCharsets.US_ASCII));
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.read(pgm));
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("2^30"), e.getMessage());

        Path png = dir.resolve("huge.png");
        Files.write(png, PngBytes.withHeader(60000, 60000, 8, 2));
        e = assertThrows(ArcodecException.class, () -> ImageFiles.read(png));
        assertTrue(e.getMessage().contains("60000x60000 8-bit RGB") && e.getMessage().contains("2^30"), e.getMessage());
    }

    @Test
    void writingRefusesALayoutTheFormatCannotHold() {
        RasterImage grayAlpha = SyntheticImages.create(new Layout(ColorType.GRAY_ALPHA, 8, 0, false), 3, 3,
                Content.NOISE, 1);
        Path bmp = dir.resolve("out.bmp");
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.write(grayAlpha, bmp));
        assertEquals(bmp + ": BMP cannot hold 8-bit gray+alpha images; write a .png or .pam instead", e.getMessage());
        assertFalse(Files.exists(bmp), "nothing is written");

        RasterImage palette = SyntheticImages.create(new Layout(ColorType.PALETTE, 8, 37, false), 3, 3,
                Content.NOISE, 1);
        Path tif = dir.resolve("out.tif");
        e = assertThrows(ArcodecException.class, () -> ImageFiles.write(palette, tif));
        assertTrue(e.getMessage().contains("37 entries") && e.getMessage().contains(".png"), e.getMessage());
    }

    @Test
    void writingPaletteLargerThanItsBitDepthIsRefused() {
        RasterImage image = RasterImage.indexed(2, 1, 2, new Palette(new byte[4 * 5], false), new byte[] {0, 3});
        ArcodecException e = assertThrows(ArcodecException.class,
                () -> ImageFiles.write(image, dir.resolve("five.png")));
        assertTrue(e.getMessage().contains("5 palette entries (at most 4)"), e.getMessage());
    }

    @Test
    void writingIntoAMissingFolderNamesTheFile() {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 2, 2, Content.NOISE, 1);
        Path file = dir.resolve("no-such-folder").resolve("out.png");
        ArcodecException e = assertThrows(ArcodecException.class, () -> ImageFiles.write(image, file));
        assertTrue(e.getMessage().startsWith(file + ": cannot be written"), e.getMessage());
    }

    // ---- PNG colour keys (tRNS on gray and RGB) ----

    @Test
    void grayPngWithColourKeyReadsAsGrayAlpha() throws IOException {
        byte[] gray = {10, 20, 30, 20, 10, 0};
        Path file = dir.resolve("key.png");
        Files.write(file, PngBytes.withChunkBeforeIdat(pngOf(RasterImage.of(3, 2, ColorType.GRAY, 8, gray)),
                "tRNS", new byte[] {0, 20}));
        RasterImage read = ImageFiles.read(file);
        assertEquals(ColorType.GRAY_ALPHA, read.colorType());
        byte[] expected = {10, -1, 20, 0, 30, -1, 20, 0, 10, -1, 0, -1};
        assertArrayEquals(expected, read.samples());
    }

    @Test
    void rgbPngWithColourKeyReadsAsRgba() throws IOException {
        byte[] rgb = {1, 2, 3, 4, 5, 6};
        Path file = dir.resolve("key.png");
        Files.write(file, PngBytes.withChunkBeforeIdat(pngOf(RasterImage.of(2, 1, ColorType.RGB, 8, rgb)),
                "tRNS", new byte[] {0, 4, 0, 5, 0, 6}));
        RasterImage read = ImageFiles.read(file);
        assertEquals(ColorType.RGBA, read.colorType());
        assertArrayEquals(new byte[] {1, 2, 3, -1, 4, 5, 6, 0}, read.samples());
    }

    @Test
    void lowBitGrayPngWithColourKeyIsWidenedToEightBitGrayAlpha() throws IOException {
        byte[] gray = {0, 1, 2, 3};
        Path file = dir.resolve("key.png");
        Files.write(file, PngBytes.withChunkBeforeIdat(pngOf(RasterImage.of(4, 1, ColorType.GRAY, 2, gray)),
                "tRNS", new byte[] {0, 2}));
        RasterImage read = ImageFiles.read(file);
        assertEquals(ColorType.GRAY_ALPHA, read.colorType());
        assertEquals(8, read.bitDepth());
        assertArrayEquals(new byte[] {0, -1, 85, -1, (byte) 170, 0, -1, -1}, read.samples());
    }

    private byte[] pngOf(RasterImage image) throws IOException {
        Path file = dir.resolve("plain.png");
        ImageFiles.write(image, file);
        return Files.readAllBytes(file);
    }

    // ---- helpers ----

    /**
     * Writes {@code image} in every format; where the format holds the layout (the table in
     * {@link #holds}) it must read back equal, elsewhere writing must be refused with advice.
     */
    private void assertRoundTripsOrIsRefused(RasterImage image, String what) throws IOException {
        for (String suffix : SUFFIXES) {
            Path file = dir.resolve("out." + suffix);
            Files.deleteIfExists(file);
            if (holds(suffix, image)) {
                ImageFiles.write(image, file);
                assertEquals(image, ImageFiles.read(file), () -> what + " through ." + suffix);
            } else {
                try {
                    ImageFiles.write(image, file);
                    fail(what + " should not be writable as ." + suffix);
                } catch (ArcodecException e) {
                    assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("cannot hold"),
                            e.getMessage());
                }
            }
        }
    }

    /** The layouts each format holds exactly, written out independently of the implementation. */
    private static boolean holds(String suffix, RasterImage image) {
        ColorType type = image.colorType();
        int bits = image.bitDepth();
        Palette palette = image.palette();
        boolean fullOpaquePalette = palette != null && !palette.hasAlpha() && palette.size() == 1 << bits;
        return switch (suffix) {
            case "png" -> true;
            case "bmp" -> switch (type) {
                case GRAY -> bits != 2;
                case RGB -> true;
                case PALETTE -> bits != 2 && !palette.hasAlpha();
                default -> false;
            };
            case "tif", "tiff" -> type != ColorType.PALETTE || fullOpaquePalette;
            case "pgm" -> type == ColorType.GRAY && bits == 8;
            case "ppm" -> type == ColorType.RGB;
            case "pnm" -> type == ColorType.RGB || type == ColorType.GRAY && bits == 8;
            case "pam" -> type != ColorType.PALETTE && bits == 8;
            default -> throw new IllegalArgumentException(suffix);
        };
    }

    private static int distinctValues(RasterImage image) {
        boolean[] seen = new boolean[256];
        int count = 0;
        for (byte sample : image.samples()) {
            if (!seen[sample & 0xFF]) {
                seen[sample & 0xFF] = true;
                count++;
            }
        }
        return count;
    }
}
