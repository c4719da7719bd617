package org.arcodec.cli;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.ImageFiles;
import org.arcodec.RasterImage;
import org.arcodec.internal.weights.WeightFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DecompressCommandTest {
    @TempDir
    Path dir;

    /** Needs ImageFiles. */
    @Test
    void compressThenDecompressGivesIdenticalPixels() throws IOException {
        List<RasterImage> images = List.of(
                CliImages.gradient(31, 17, 1),
                CliImages.noise(13, 11, ColorType.RGBA, 8, 2),
                CliImages.noise(9, 1, ColorType.GRAY, 1, 3),
                CliImages.noise(1, 1, ColorType.GRAY, 8, 4),
                CliImages.noise(10, 6, ColorType.PALETTE, 8, 5));
        Path originals = Files.createDirectory(dir.resolve("originals"));
        Path arcs = dir.resolve("arcs");
        Path decoded = dir.resolve("decoded");
        Path[] pngs = new Path[images.size()];
        for (int i = 0; i < images.size(); i++) {
            pngs[i] = CliImages.writeImage(images.get(i), originals.resolve("image" + i + ".png"));
        }
        Cli.Result compress = Cli.run(args("compress", "--out-dir", arcs, (Object) pngs));
        assertEquals(0, compress.exitCode(), compress.toString());
        Path[] arcFiles = CompressCommandTest.files(arcs).toArray(Path[]::new);
        assertEquals(images.size(), arcFiles.length);

        Cli.Result decompress = Cli.run(args("decompress", "--out-dir", decoded, (Object) arcFiles));
        assertEquals(0, decompress.exitCode(), decompress.toString());
        for (int i = 0; i < images.size(); i++) {
            RasterImage original = ImageFiles.read(pngs[i]);
            RasterImage back = ImageFiles.read(decoded.resolve("image" + i + ".png"));
            assertEquals(original, back, "image " + i + ": " + original);
        }
    }

    /** The images in testdata/ that ImageFiles can read, each through the command line and back. Needs ImageFiles. */
    @Test
    void roundTripsTheSampleImages() throws IOException {
        Path testdata = Path.of("..", "testdata");
        assumeTrue(Files.isDirectory(testdata), "no testdata directory");
        List<Path> samples;
        try (Stream<Path> files = Files.list(testdata)) {
            samples = files.filter(f -> f.toString().matches(".*\\.(png|bmp|tif|pgm|ppm|pam)")).sorted().toList();
        }
        int checked = 0;
        for (Path sample : samples) {
            RasterImage original;
            try {
                original = ImageFiles.read(sample);
            } catch (ArcodecException unsupported) {
                continue; // a layout the codec does not keep, such as 16-bit samples
            }
            Path arc = dir.resolve(sample.getFileName() + ".arc");
            Path back = dir.resolve(sample.getFileName() + ".png");
            Cli.Result compress = Cli.run("compress", "-q", "-o", arc, sample);
            assertEquals(0, compress.exitCode(), compress.toString());
            Cli.Result decompress = Cli.run("decompress", "-q", "-o", back, arc);
            assertEquals(0, decompress.exitCode(), decompress.toString());
            assertEquals(original, ImageFiles.read(back), sample.toString());
            checked++;
        }
        assertTrue(checked > 0 || samples.isEmpty(), "none of " + samples + " could be read");
    }

    /**
     * Every bundled Fashion-MNIST model round-trips the real test images in testdata through the
     * command line, and codes them in fewer bytes than the histogram model does.
     */
    @Test
    void bundledNeuralModelsRoundTripFashionMnistImages() throws IOException {
        List<String> neural = org.arcodec.ModelCatalog.bundled().names().stream()
                .filter(name -> name.endsWith("-fmnist")).toList();
        assumeTrue(!neural.isEmpty(), "no Fashion-MNIST model is bundled");
        Path[] images = new Path[4];
        for (int i = 0; i < images.length; i++) {
            images[i] = Path.of("..", "testdata", String.format("fmnist-test-%04d.png", i));
        }
        long histogramBytes = totalArcBytes("histogram", images);
        for (String model : neural) {
            long bytes = totalArcBytes(model, images);
            assertTrue(bytes < histogramBytes, model + ": " + bytes + " bytes, histogram " + histogramBytes);
            Path decoded = dir.resolve(model + "-decoded");
            Path[] arcs = CompressCommandTest.files(dir.resolve(model)).toArray(Path[]::new);
            Cli.Result decompress = Cli.run(args("decompress", "-q", "--out-dir", decoded, (Object) arcs));
            assertEquals(0, decompress.exitCode(), decompress.toString());
            for (Path image : images) {
                assertEquals(ImageFiles.read(image), ImageFiles.read(decoded.resolve(image.getFileName())), model);
            }
        }
    }

    /**
     * A file made with a model file of the user's own names that model; decompressing it without
     * the model file is exit 1 with a message naming the model, and with it the pixels come back.
     */
    @Test
    void aFileMadeWithAModelFileNeedsThatFile() throws IOException {
        WeightFile bundled;
        try (var in = getClass().getResourceAsStream("/org/arcodec/models/pixelcnn-fmnist.arcm")) {
            assumeTrue(in != null, "pixelcnn-fmnist is not bundled");
            bundled = WeightFile.read(in, "pixelcnn-fmnist.arcm");
        }
        WeightFile.Builder mine = WeightFile.builder();
        bundled.meta().forEach(mine::meta);
        mine.meta("name", "my-own-model");
        for (String tensor : bundled.tensorNames()) {
            mine.floats(tensor, bundled.dims(tensor), bundled.floats(tensor));
        }
        Path weights = dir.resolve("mine.arcm");
        mine.write(weights);
        Path image = Path.of("..", "testdata", "fmnist-test-0001.png");
        Path arc = dir.resolve("a.arc");
        assertEquals(0, Cli.run("compress", "-q", "-m", weights, image, "-o", arc).exitCode());

        Cli.Result without = Cli.run("decompress", "-q", arc, "-o", dir.resolve("without.png"));
        assertEquals(1, without.exitCode(), without.toString());
        assertTrue(without.err().contains("'my-own-model'") && without.err().contains("not available"), without.err());
        assertFalse(Files.exists(dir.resolve("without.png")));

        Cli.Result with = Cli.run("decompress", "-q", "-m", weights, arc, "-o", dir.resolve("with.png"));
        assertEquals(0, with.exitCode(), with.toString());
        assertEquals(ImageFiles.read(image), ImageFiles.read(dir.resolve("with.png")));
    }

    private long totalArcBytes(String model, Path[] images) throws IOException {
        Cli.Result compress = Cli.run(args("compress", "-q", "--json", "--model", model, "--out-dir", dir.resolve(model), (Object) images));
        assertEquals(0, compress.exitCode(), compress.toString());
        long total = 0;
        for (String line : compress.out().strip().split("\n")) {
            Map<String, Object> json = CliJson.parseObject(line);
            assertEquals(model, json.get("model"));
            total += ((Double) json.get("bytes")).longValue();
        }
        return total;
    }

    /** Needs ImageFiles.write. */
    @Test
    void jsonLinesCarryTheNumbers() throws IOException {
        RasterImage image = CliImages.noise(12, 5, ColorType.RGB, 8, 6);
        Path arc = CliImages.writeArc(image, dir.resolve("noise.arc"));
        Cli.Result result = Cli.run("decompress", "--json", arc);
        assertEquals(0, result.exitCode(), result.toString());
        Map<String, Object> json = CliJson.parseObject(result.out().strip());
        assertTrue(json.keySet().containsAll(List.of("input", "output", "width", "height", "channels", "model",
                "bytes", "bpd", "seconds")), json.toString());
        assertEquals(arc.toString(), json.get("input"));
        assertEquals(dir.resolve("noise.png").toString(), json.get("output"));
        double bytes = (Double) json.get("bytes");
        assertEquals(Files.size(arc), bytes);
        assertEquals(8 * bytes / (12 * 5 * 3), (Double) json.get("bpd"), 1e-12);
        assertEquals(image, ImageFiles.read(dir.resolve("noise.png")));
    }

    @Test
    void aDamagedPayloadLeavesNoOutputAndNoTemporaryFile() throws IOException {
        Path arc = CliImages.writeArc(CliImages.gradient(16, 16, 7), dir.resolve("photo.arc"));
        byte[] bytes = Files.readAllBytes(arc);
        bytes[bytes.length - 10] ^= 0x5A;
        Files.write(arc, bytes);
        Cli.Result result = Cli.run("decompress", arc);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("arcodec: " + arc + ": damaged file: "), result.err());
        assertFalse(result.err().contains("\tat "), result.err());
        assertEquals(List.of(arc), CompressCommandTest.files(dir));
    }

    @Test
    void aTruncatedFileIsExitOne() throws IOException {
        Path arc = CliImages.writeArc(CliImages.gradient(16, 16, 8), dir.resolve("photo.arc"));
        byte[] bytes = Files.readAllBytes(arc);
        Files.write(arc, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Cli.Result result = Cli.run("decompress", arc);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("truncated"), result.err());
        assertEquals(List.of(arc), CompressCommandTest.files(dir));
    }

    @Test
    void aMissingInputIsExitOne() {
        Path missing = dir.resolve("missing.arc");
        Cli.Result result = Cli.run("decompress", missing);
        assertEquals(1, result.exitCode());
        assertEquals("arcodec: " + missing + ": no such file or directory", result.err().strip());
    }

    /** Needs ImageFiles.write to refuse layouts a format cannot hold. */
    @Test
    void anImageTheOutputFormatCannotHoldLeavesNoOutputAndNoTemporaryFile() throws IOException {
        Path arc = CliImages.writeArc(CliImages.noise(5, 4, ColorType.RGBA, 8, 9), dir.resolve("alpha.arc"));
        Cli.Result result = Cli.run("decompress", "-o", dir.resolve("alpha.pgm"), arc);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().startsWith("arcodec: " + arc + ": " + dir.resolve("alpha.pgm") + ": "), result.err());
        assertFalse(result.err().contains(".arcodec-"), "names the output, not the temporary file: " + result.err());
        assertEquals(List.of(arc), CompressCommandTest.files(dir));
    }

    @Test
    void keepsAnExistingOutputUnlessForced() throws IOException {
        Path arc = CliImages.writeArc(CliImages.gradient(8, 8, 10), dir.resolve("photo.arc"));
        Path png = Files.writeString(dir.resolve("photo.png"), "precious");
        Cli.Result result = Cli.run("decompress", arc);
        assertEquals(1, result.exitCode(), result.toString());
        assertTrue(result.err().contains("already exists; use -f"), result.err());
        assertEquals("precious", Files.readString(png));
        assertEquals(List.of(arc, png), CompressCommandTest.files(dir));
    }

    /** The leading arguments, then every input. */
    private static Object[] args(Object... leadingThenInputs) {
        Object last = leadingThenInputs[leadingThenInputs.length - 1];
        Path[] inputs = (Path[]) last;
        Object[] args = new Object[leadingThenInputs.length - 1 + inputs.length];
        System.arraycopy(leadingThenInputs, 0, args, 0, leadingThenInputs.length - 1);
        System.arraycopy(inputs, 0, args, leadingThenInputs.length - 1, inputs.length);
        return args;
    }
}
