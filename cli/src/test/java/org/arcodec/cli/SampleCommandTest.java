package org.arcodec.cli;

import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.RasterImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleCommandTest {
    @TempDir
    Path dir;

    @Test
    void drawsAGridOfTheModelsOwnSizeTheSameForTheSameSeed() throws IOException {
        Path first = dir.resolve("a.png");
        Path second = dir.resolve("b.png");
        Cli.Result result = Cli.run("sample", "--model", "nade-fmnist", "-n", "3", "--seed", "7", "-o", first);
        assertEquals(0, result.exitCode(), result.toString());
        assertTrue(result.out().contains("3 samples of 28x28 gray from nade-fmnist"), result.out());
        assertEquals(0, Cli.run("sample", "--model", "nade-fmnist", "-n", "3", "--seed", "7", "-o", second).exitCode());
        RasterImage grid = ImageFiles.read(first);
        // 3 samples: 2 columns, 2 rows, 2-pixel gaps.
        assertEquals(2 * 28 + SampleCommand.GAP, grid.width());
        assertEquals(2 * 28 + SampleCommand.GAP, grid.height());
        assertEquals(ColorType.GRAY, grid.colorType());
        assertArrayEquals(grid.samples(), ImageFiles.read(second).samples());
        byte[] emptyCell = new byte[28];
        Arrays.fill(emptyCell, (byte) 0xFF);
        byte[] firstRow = Arrays.copyOfRange(grid.samples(), 0, 28);
        assertFalse(Arrays.equals(emptyCell, firstRow), "the first tile holds a sample");
    }

    @Test
    void anyModelSamplesTheSizeAndColourAskedFor() throws IOException {
        Path out = dir.resolve("rgb.png");
        Cli.Result result = Cli.run("sample", "--model", "histogram", "-n", "1", "--size", "5x3", "--color", "rgb", "-o", out);
        assertEquals(0, result.exitCode(), result.toString());
        RasterImage image = ImageFiles.read(out);
        assertEquals(5, image.width());
        assertEquals(3, image.height());
        assertEquals(ColorType.RGB, image.colorType());
    }

    @Test
    void refusesWrongSizesAndExistingOutputs() throws IOException {
        Path out = dir.resolve("grid.png");
        Files.writeString(out, "keep me");
        Cli.Result existing = Cli.run("sample", "--model", "histogram", "-n", "1", "-o", out);
        assertEquals(1, existing.exitCode(), existing.toString());
        assertEquals("keep me", Files.readString(out));

        Cli.Result badSize = Cli.run("sample", "--model", "histogram", "--size", "5by3", "-o", dir.resolve("x.png"));
        assertEquals(2, badSize.exitCode(), badSize.toString());
        assertTrue(badSize.err().contains("--size must be WxH"), badSize.err());

        Cli.Result wrongShape = Cli.run("sample", "--model", "made-fmnist", "--size", "5x3", "-o", dir.resolve("y.png"));
        assertEquals(1, wrongShape.exitCode(), wrongShape.toString());
        assertTrue(wrongShape.err().contains("made-fmnist"), wrongShape.err());
        assertFalse(Files.exists(dir.resolve("y.png")));
    }
}
