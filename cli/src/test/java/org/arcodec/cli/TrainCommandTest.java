package org.arcodec.cli;

import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.RasterImage;
import org.arcodec.internal.weights.WeightFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code arcodec train} end to end on tiny networks: the model file it writes codes images
 * losslessly through {@code -m FILE}, {@code --resume} continues where the last run stopped, and
 * bad requests fail before any training.
 */
class TrainCommandTest {
    /** Options that keep a run to seconds: 8x8 patches, 2 steps an epoch, 8 feature maps, 1 layer. */
    private static final String[] TINY = {"--patch", "8", "--patches", "64", "--epoch-images", "32",
            "--features", "8", "--depth", "1", "-q"};

    @TempDir
    Path dir;

    @Test
    void trainsOnADirectoryAndTheModelCodesLosslesslyAndResumes() throws IOException {
        Path images = imageDirectory(5);
        Path model = dir.resolve("mine.arcm");
        Cli.Result first = Cli.run(concat(new String[] {"train", "--data", images.toString(), "--epochs", "1",
                "--average", "0.9", "-o", model.toString()}, TINY));
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.out().contains("epoch 1/1: train "), first::toString);
        assertTrue(Files.exists(dir.resolve("mine.arcm.checkpoints").resolve("average.bin")),
                "the weight average is kept beside the checkpoint");
        assertFalse(first.out().contains("Added differentiated op"), first::toString);
        WeightFile weights = WeightFile.read(model);
        assertEquals("mine", weights.meta().get("name"));
        assertEquals("pixelcnn_pp", weights.meta().get("graph"));
        assertTrue(weights.meta().get("train_command").startsWith("arcodec train --data " + images + " --epochs 1"),
                weights.meta().get("train_command"));
        assertFalse(weights.meta().get("train_command").contains("-q"), weights.meta().get("train_command"));

        Path image = CliImages.writeImage(CliImages.gradient(20, 12, 9), dir.resolve("img.png"));
        Cli.Result compressed = Cli.run("compress", "-q", "-m", model, image);
        assertEquals(0, compressed.exitCode(), compressed::toString);
        Path restored = dir.resolve("restored.png");
        Cli.Result decompressed = Cli.run("decompress", "-q", "-m", model, dir.resolve("img.arc"), "-o", restored);
        assertEquals(0, decompressed.exitCode(), decompressed::toString);
        assertEquals(ImageFiles.read(image), ImageFiles.read(restored));

        Cli.Result resumed = Cli.run(concat(new String[] {"train", "--data", images.toString(), "--epochs", "2",
                "--average", "0.9", "--resume", "-f", "-o", model.toString()}, TINY));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertFalse(resumed.out().contains("epoch 1/2"), resumed::toString);
        assertTrue(resumed.out().contains("epoch 2/2: train "), resumed::toString);
        assertTrue(Files.isRegularFile(dir.resolve("mine.arcm.checkpoints").resolve("last.sd")));
    }

    @Test
    void trainsOnAnIdxFileOfGrayImages() throws IOException {
        Path idx = idxFile(dir.resolve("images-idx3-ubyte"), 26, 8, 8);
        Path model = dir.resolve("idx.arcm");
        Cli.Result result = Cli.run("train", "--arch", "pixelcnn", "--idx", idx, "--epochs", "1", "--epoch-images", "24",
                "--features", "8", "--depth", "1", "--mixture", "0", "-q", "-o", model);
        assertEquals(0, result.exitCode(), result::toString);
        WeightFile weights = WeightFile.read(model);
        assertEquals("pixelcnn", weights.meta().get("graph"));
        assertEquals("1", weights.meta().get("channels"));

        Path image = CliImages.writeImage(CliImages.noise(8, 8, ColorType.GRAY, 8, 3), dir.resolve("gray.png"));
        Cli.Result compressed = Cli.run("compress", "-q", "-m", model, image);
        assertEquals(0, compressed.exitCode(), compressed::toString);
        Cli.Result decompressed = Cli.run("decompress", "-q", "-m", model, dir.resolve("gray.arc"), "-o",
                dir.resolve("back.png"));
        assertEquals(0, decompressed.exitCode(), decompressed::toString);
        assertEquals(ImageFiles.read(image), ImageFiles.read(dir.resolve("back.png")));
    }

    @Test
    void refusesBadRequestsBeforeTraining() throws IOException {
        Path images = imageDirectory(5);
        Path existing = Files.writeString(dir.resolve("taken.arcm"), "not mine");

        Cli.Result taken = Cli.run("train", "--data", images, "-o", existing);
        assertEquals(1, taken.exitCode(), taken::toString);
        assertTrue(taken.err().contains("already exists; use -f"), taken::toString);
        assertEquals("not mine", Files.readString(existing));

        Cli.Result missing = Cli.run("train", "--data", dir.resolve("nowhere"), "-o", dir.resolve("m.arcm"));
        assertEquals(1, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("nowhere: no such directory"), missing::toString);

        Cli.Result both = Cli.run("train", "--data", images, "--idx", existing, "-o", dir.resolve("m.arcm"));
        assertEquals(2, both.exitCode(), both::toString);

        Cli.Result arch = Cli.run("train", "--data", images, "--arch", "transformer", "-o", dir.resolve("m.arcm"));
        assertEquals(2, arch.exitCode(), arch::toString);
        assertTrue(arch.err().contains("--arch must be pixelcnnpp, gated-pixelcnn or pixelcnn"), arch::toString);

        Path few = Files.createDirectory(dir.resolve("few"));
        CliImages.writeImage(CliImages.gradient(16, 16, 1), few.resolve("a.png"));
        Cli.Result tooFew = Cli.run("train", "--data", few, "-q", "-o", dir.resolve("m.arcm"));
        assertEquals(1, tooFew.exitCode(), tooFew::toString);
        assertTrue(tooFew.err().contains("1 images (PNG, PNM, BMP or TIFF), need at least 4"), tooFew::toString);
        assertFalse(Files.exists(dir.resolve("m.arcm")));
    }

    /** {@code count} small images of mixed layouts, as a user's folder might hold. */
    private Path imageDirectory(int count) throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (int k = 0; k < count; k++) {
            RasterImage image = k == 1 ? CliImages.noise(24, 16, ColorType.GRAY, 8, k)
                    : CliImages.gradient(24 + k, 16, k);
            CliImages.writeImage(image, images.resolve("img" + k + (k == 2 ? ".bmp" : ".png")));
        }
        Files.writeString(images.resolve("notes.txt"), "not an image, and not read");
        return images;
    }

    /** An IDX3 file of {@code count} random gray images. */
    private static Path idxFile(Path file, int count, int rows, int columns) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(columns);
        byte[] pixels = new byte[count * rows * columns];
        new SplittableRandom(5).nextBytes(pixels);
        out.write(pixels);
        return Files.write(file, bytes.toByteArray());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
