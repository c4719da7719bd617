package org.arcodec.cli;

import org.arcodec.ArcInfo;
import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Needs ImageFiles.read and ImageFiles.write. */
class CompressCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheArcBesideTheInputAndSaysSoInOneLine() throws IOException {
        Path png = CliImages.writeImage(CliImages.gradient(24, 16, 1), dir.resolve("photo.png"));
        Cli.Result result = Cli.run("compress", png);
        assertEquals(0, result.exitCode(), result.toString());
        Path arc = dir.resolve("photo.arc");
        assertTrue(Files.size(arc) > 0);
        List<String> lines = result.outLines();
        assertEquals(1, lines.size(), result.out());
        assertTrue(lines.get(0).matches(
                "\\Q" + png + " -> " + arc + "\\E  24x16 RGB  " + Files.size(arc)
                        + " B  \\d+\\.\\d{3} bpd \\(model \\d+\\.\\d{3}\\)  \\d+\\.\\d{2} s"), lines.get(0));
        assertEquals("", result.err());
        assertEquals(List.of(arc, png), files(dir));
    }

    @Test
    void jsonLinesCarryTheNumbers() throws IOException {
        Path a = CliImages.writeImage(CliImages.gradient(24, 16, 2), dir.resolve("a.png"));
        Path b = CliImages.writeImage(CliImages.noise(9, 7, ColorType.GRAY_ALPHA, 8, 3), dir.resolve("b.png"));
        Cli.Result result = Cli.run("compress", "--json", a, b);
        assertEquals(0, result.exitCode(), result.toString());
        assertEquals(2, result.outLines().size(), result.out());
        int[][] geometry = {{24, 16, 3}, {9, 7, 2}};
        Path[] inputs = {a, b};
        for (int i = 0; i < 2; i++) {
            Map<String, Object> json = CliJson.parseObject(result.outLines().get(i));
            assertTrue(json.keySet().containsAll(List.of("input", "output", "width", "height", "channels", "model",
                    "model_variant", "block_width", "block_height", "bytes", "bpd", "nll_bpd", "seconds")), json.toString());
            ArcInfo header = Arcodec.inspect(Files.readAllBytes(Path.of((String) json.get("output"))));
            assertEquals(header.modelVariant(), (Double) json.get("model_variant"));
            assertEquals(header.blockWidth(), (Double) json.get("block_width"));
            assertEquals(header.blockHeight(), (Double) json.get("block_height"));
            assertEquals(inputs[i].toString(), json.get("input"));
            Path output = Path.of((String) json.get("output"));
            assertEquals(dir.resolve(i == 0 ? "a.arc" : "b.arc"), output);
            double bytes = (Double) json.get("bytes");
            assertEquals(Files.size(output), bytes);
            assertEquals(geometry[i][0], (Double) json.get("width"));
            assertEquals(geometry[i][1], (Double) json.get("height"));
            assertEquals(geometry[i][2], (Double) json.get("channels"));
            // a is 8-bit RGB (one of the photograph models, when bundled); b is gray+alpha (the gray one, +alpha).
            ModelCatalog catalog = ModelCatalog.bundled();
            RasterImage input = ImageFiles.read(inputs[i]);
            assertTrue(catalog.defaultModelsFor(input).contains((String) json.get("model")), json.toString());
            assertEquals(i == 0 ? ModelCatalog.PHOTO_RGB_MODEL : ModelCatalog.PHOTO_GRAY_MODEL + "+alpha",
                    catalog.defaultModelFor(input));
            double samples = geometry[i][0] * geometry[i][1] * geometry[i][2];
            assertEquals(8 * bytes / samples, (Double) json.get("bpd"), 1e-12);
            double nll = (Double) json.get("nll_bpd");
            assertTrue(nll > 0 && nll <= (Double) json.get("bpd") + 1e-9, json.toString());
            assertTrue((Double) json.get("seconds") >= 0);
        }
    }

    @Test
    void jsonSaysWhenPixelsAreCodedOncePerBlock() throws IOException {
        Path image = CliImages.writeImage(CliImages.grayIn3x2Blocks(), dir.resolve("blocks.png"));
        Cli.Result result = Cli.run("compress", "--json", image);
        assertEquals(0, result.exitCode(), result.toString());
        Map<String, Object> json = CliJson.parseObject(result.outLines().get(0));
        assertEquals(3.0, json.get("block_width"));
        assertEquals(2.0, json.get("block_height"));
    }

    @Test
    void outDirAndExplicitOutput() throws IOException {
        Path a = CliImages.writeImage(CliImages.gradient(8, 8, 4), dir.resolve("a.png"));
        Path b = CliImages.writeImage(CliImages.gradient(8, 8, 5), dir.resolve("b.png"));
        Path outDir = dir.resolve("out/nested");
        assertEquals(0, Cli.run("compress", "--out-dir", outDir, a, b).exitCode());
        assertEquals(List.of(outDir.resolve("a.arc"), outDir.resolve("b.arc")), files(outDir));

        Path named = dir.resolve("named.bin");
        Cli.Result single = Cli.run("compress", "-o", named, a);
        assertEquals(0, single.exitCode(), single.toString());
        assertArrayEquals(Files.readAllBytes(outDir.resolve("a.arc")), Files.readAllBytes(named));
    }

    @Test
    void keepsAnExistingOutputUnlessForced() throws IOException {
        Path png = CliImages.writeImage(CliImages.gradient(8, 8, 6), dir.resolve("photo.png"));
        Path arc = Files.writeString(dir.resolve("photo.arc"), "precious");
        Cli.Result refused = Cli.run("compress", png);
        assertEquals(1, refused.exitCode(), refused.toString());
        assertEquals("arcodec: " + png + ": " + arc + " already exists; use -f to overwrite it",
                refused.err().strip());
        assertEquals("precious", Files.readString(arc));
        assertEquals(List.of(arc, png), files(dir));

        Cli.Result forced = Cli.run("compress", "-f", png);
        assertEquals(0, forced.exitCode(), forced.toString());
        assertFalse(Arrays.equals("precious".getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(arc)));
    }

    @Test
    void refusesToWriteOverItsInput() throws IOException {
        Path png = CliImages.writeImage(CliImages.gradient(8, 8, 7), dir.resolve("photo.png"));
        byte[] before = Files.readAllBytes(png);
        Cli.Result result = Cli.run("compress", "-f", "-o", png, png);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("would overwrite the input"), result.err());
        assertArrayEquals(before, Files.readAllBytes(png));
        assertEquals(List.of(png), files(dir));
    }

    @Test
    void aBadInputIsReportedAndTheOthersAreStillCompressed() throws IOException {
        Path good = CliImages.writeImage(CliImages.gradient(8, 8, 8), dir.resolve("good.png"));
        Path broken = Files.writeString(dir.resolve("broken.png"), "not a png");
        Path missing = dir.resolve("missing.png");
        Cli.Result result = Cli.run("compress", broken, missing, good);
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.outLines().size(), result.out());
        List<String> errors = result.err().lines().toList();
        assertEquals(2, errors.size(), result.err());
        assertTrue(errors.get(0).startsWith("arcodec: " + broken + ": "), errors.get(0));
        assertTrue(errors.get(1).startsWith("arcodec: " + missing + ": "), errors.get(1));
        assertEquals(List.of(broken, dir.resolve("good.arc"), good), files(dir),
                "no output and no temporary file for the failures");
    }

    @Test
    void twoInputsWithTheSameNameNeverWriteTheSameOutput() throws IOException {
        Path first = Files.createDirectory(dir.resolve("x")).resolve("p.png");
        Path second = Files.createDirectory(dir.resolve("y")).resolve("p.png");
        CliImages.writeImage(CliImages.gradient(8, 8, 9), first);
        CliImages.writeImage(CliImages.gradient(8, 8, 10), second);
        Path outDir = dir.resolve("out");
        Cli.Result result = Cli.run("compress", "-f", "--out-dir", outDir, first, second);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("already written by an earlier input"), result.err());
        assertEquals(List.of(outDir.resolve("p.arc")), files(outDir));
    }

    @Test
    void defaultNames() {
        assertEquals("photo.arc", CompressCommand.defaultName(Path.of("dir/photo.png")));
        assertEquals("photo.tar.arc", CompressCommand.defaultName(Path.of("photo.tar.png")));
        assertEquals("photo.arc", CompressCommand.defaultName(Path.of("photo")));
        assertEquals(".hidden.arc", CompressCommand.defaultName(Path.of(".hidden")));
        assertEquals("photo.png", DecompressCommand.defaultName(Path.of("dir/photo.arc")));
        assertEquals("photo.png", DecompressCommand.defaultName(Path.of("photo.ARC")));
        assertEquals("photo.bin.png", DecompressCommand.defaultName(Path.of("photo.bin")));
        assertEquals(".arc.png", DecompressCommand.defaultName(Path.of(".arc")));
    }

    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
