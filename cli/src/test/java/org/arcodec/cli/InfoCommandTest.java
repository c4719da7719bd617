package org.arcodec.cli;

import org.arcodec.ColorType;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void describesGeometryModelAndSizes() throws IOException {
        Path arc = CliImages.writeArc(CliImages.noise(20, 10, ColorType.RGB, 8, 1), dir.resolve("noise.arc"));
        Cli.Result result = Cli.run("info", arc);
        assertEquals(0, result.exitCode(), result.toString());
        String out = result.out();
        assertTrue(out.startsWith(arc + ":"), out);
        assertTrue(out.contains("20x10 RGB"), out);
        assertTrue(out.contains("model    " + ModelCatalog.DEFAULT_MODEL + " (weights SHA-256 "), out);
        assertTrue(out.contains("size     " + Files.size(arc) + " B: header "), out);
        assertTrue(out.contains("bpd      "), out);
        assertTrue(out.contains("format   version 2"), out);
        assertEquals("", result.err());
    }

    @Test
    void saysWhenPixelsAreCodedOncePerBlock() throws IOException {
        Path arc = CliImages.writeArc(CliImages.grayIn3x2Blocks(), dir.resolve("blocks.arc"));
        Cli.Result result = Cli.run("info", arc);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("15x8 gray, 1 channel, coded as 20 pixels repeated in 3x2 blocks"), result.out());
    }

    @Test
    void jsonHasEveryHeaderFieldAndConsistentNumbers() throws IOException {
        RasterImage image = CliImages.noise(7, 5, ColorType.PALETTE, 8, 2);
        Path arc = CliImages.writeArc(image, dir.resolve("palette.arc"));
        Cli.Result result = Cli.run("info", "--json", arc);
        assertEquals(0, result.exitCode(), result.toString());
        Map<String, Object> info = CliJson.parseObject(result.out().strip());
        assertEquals(List.of("input", "format_version", "width", "height", "block_width", "block_height",
                "model_variant", "channels", "color_type", "bit_depth", "palette_size", "model", "model_digest",
                "header_bytes", "payload_bytes", "bytes", "bpd"), List.copyOf(info.keySet()));
        assertEquals(arc.toString(), info.get("input"));
        assertEquals(7.0, info.get("width"));
        assertEquals(5.0, info.get("height"));
        assertEquals(1.0, info.get("block_width"));
        assertEquals(1.0, info.get("block_height"));
        assertEquals(0.0, info.get("model_variant"));
        assertEquals(1.0, info.get("channels"));
        assertEquals("PALETTE", info.get("color_type"));
        assertEquals(5.0, info.get("palette_size"));
        assertEquals(ModelCatalog.DEFAULT_MODEL, info.get("model"));
        assertTrue(((String) info.get("model_digest")).matches("[0-9a-f]{16}"), (String) info.get("model_digest"));
        double bytes = (Double) info.get("bytes");
        assertEquals(Files.size(arc), bytes);
        assertEquals((Double) info.get("header_bytes") + (Double) info.get("payload_bytes") + 4, bytes);
        assertEquals(8 * bytes / (7 * 5 * 1), (Double) info.get("bpd"), 1e-12);
    }

    @Test
    void aDamagedFileIsReportedByNameAndTheOthersStillRun() throws IOException {
        Path good = CliImages.writeArc(CliImages.noise(4, 4, ColorType.GRAY, 8, 3), dir.resolve("good.arc"));
        Path bad = dir.resolve("bad.arc");
        byte[] bytes = Files.readAllBytes(good);
        bytes[8] ^= 0x10;
        Files.write(bad, bytes);
        Path missing = dir.resolve("missing.arc");

        Cli.Result result = Cli.run("info", "--json", bad, missing, good);
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.outLines().size(), result.out());
        assertEquals(good.toString(), CliJson.parseObject(result.outLines().get(0)).get("input"));
        List<String> errors = result.err().lines().toList();
        assertEquals(2, errors.size(), result.err());
        assertTrue(errors.get(0).startsWith("arcodec: " + bad + ": damaged file: "), errors.get(0));
        assertTrue(errors.get(0).contains("(at byte "), errors.get(0));
        assertEquals("arcodec: " + missing + ": no such file or directory", errors.get(1));
        assertFalse(result.err().contains("\tat "), "no stack trace without --verbose");
    }

    @Test
    void verboseAddsTheStackTraceWhereverItIsGiven() {
        Path missing = dir.resolve("missing.arc");
        for (Cli.Result result : new Cli.Result[] {Cli.run("info", "--verbose", missing),
                Cli.run("--verbose", "info", missing)}) {
            assertEquals(1, result.exitCode(), result.toString());
            assertTrue(result.err().startsWith("arcodec: " + missing + ": no such file or directory"), result.err());
            assertTrue(result.err().contains("java.nio.file.NoSuchFileException"), result.err());
            assertTrue(result.err().contains("\tat "), result.err());
        }
    }

    @Test
    void aFileThatIsNotAnArcIsExitOne() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.arc"), "hello");
        Cli.Result result = Cli.run("info", text);
        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith("arcodec: " + text + ": not an arcodec file"), result.err());
    }
}
