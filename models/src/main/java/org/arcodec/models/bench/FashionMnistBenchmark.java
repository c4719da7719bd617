package org.arcodec.models.bench;

import org.arcodec.ArcInfo;
import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.Compressed;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.data.IdxImages;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Compresses the Fashion-MNIST test images one .arc file each with every named model, decodes
 * every file back and checks it, and reports the model's NLL and the bytes actually written.
 * A benchmark, not a test: run it through scripts/bench-fmnist.sh, which also runs the peers.
 *
 * <pre>
 * FashionMnistBenchmark [--models histogram,made-fmnist] [--limit N] [--threads T]
 *                       [--data DIR] [--export DIR]
 * </pre>
 * {@code --export DIR} also writes the images the peers are measured on: all test images tiled
 * 100 x 100 into {@code tiled.png}, and the first 200 as {@code single/NNNNN.png}.
 */
public final class FashionMnistBenchmark {
    private static final int SIDE = FashionMnist.SIDE;
    private static final int TILES_PER_ROW = 100;
    private static final int SINGLE_EXPORTS = 200;

    private FashionMnistBenchmark() {
    }

    /** Totals over the images coded with one model. */
    record ModelResult(String model, int images, double idealBits, long fileBytes, long payloadBytes,
                       double encodeSeconds, double decodeSeconds) {
        long samples() {
            return (long) images * SIDE * SIDE;
        }

        double nllBpd() {
            return idealBits / samples();
        }

        double fileBpd() {
            return 8.0 * fileBytes / samples();
        }

        double payloadBpd() {
            return 8.0 * payloadBytes / samples();
        }

        double headerBytesPerImage() {
            return (fileBytes - payloadBytes) / (double) images;
        }
    }

    /** What one image cost. */
    private record ImageResult(double idealBits, long fileBytes, long payloadBytes, long encodeNanos,
                               long decodeNanos) {
    }

    public static void main(String[] args) throws Exception {
        List<String> models = List.of("histogram");
        int limit = FashionMnist.TEST_COUNT;
        int threads = Runtime.getRuntime().availableProcessors();
        Path data = FashionMnist.DEFAULT_DIR;
        Path export = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = Arrays.asList(args[++i].split(","));
                case "--limit" -> limit = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--export" -> export = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        IdxImages test = FashionMnist.test(data);
        int count = Math.min(limit, test.count());
        List<RasterImage> images = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            images.add(image(test, i));
        }
        if (export != null) {
            exportForPeers(test, export);
        }
        ModelCatalog catalog = ModelCatalog.bundled();
        List<ModelResult> results = new ArrayList<>();
        for (String name : models) {
            AutoregressiveModel model = name.endsWith(".arcm") ? ModelCatalog.load(Path.of(name)) : catalog.get(name);
            ModelCatalog decoders = catalog.with(model);
            results.add(run(model, decoders, images, threads));
            System.err.printf(Locale.ROOT, "%s done%n", name);
        }
        System.out.print(table(results, threads));
    }

    private static ModelResult run(AutoregressiveModel model, ModelCatalog decoders, List<RasterImage> images,
                                   int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<ImageResult>> futures = new ArrayList<>(images.size());
            for (RasterImage image : images) {
                futures.add(pool.submit(() -> codeAndCheck(image, model, decoders)));
            }
            double ideal = 0;
            long file = 0;
            long payload = 0;
            long encode = 0;
            long decode = 0;
            for (Future<ImageResult> future : futures) {
                ImageResult r = future.get();
                ideal += r.idealBits();
                file += r.fileBytes();
                payload += r.payloadBytes();
                encode += r.encodeNanos();
                decode += r.decodeNanos();
            }
            return new ModelResult(model.name(), images.size(), ideal, file, payload, encode / 1e9, decode / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private static ImageResult codeAndCheck(RasterImage image, AutoregressiveModel model, ModelCatalog decoders) {
        long t0 = System.nanoTime();
        Compressed compressed = Arcodec.compress(image, model);
        long t1 = System.nanoTime();
        RasterImage decoded = Arcodec.decompress(compressed.bytes(), decoders);
        long t2 = System.nanoTime();
        if (!decoded.equals(image)) {
            throw new IllegalStateException("model " + model.name() + " did not restore an image exactly");
        }
        ArcInfo info = Arcodec.inspect(compressed.bytes());
        return new ImageResult(compressed.idealBits(), compressed.bytes().length, info.payloadBytes(), t1 - t0, t2 - t1);
    }

    static String table(List<ModelResult> results, int threads) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Fashion-MNIST test images, one .arc file each, every file decoded and"
                + " checked; times are per image, summed over %d threads%n%n", threads));
        out.append("| model | images | NLL bpd | payload bpd | file bpd | payload - NLL | header+CRC B/image |"
                + " encode ms/image | decode ms/image |\n");
        out.append("|---|---|---|---|---|---|---|---|---|\n");
        for (ModelResult r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.4f | %+.3f%% | %.1f | %.2f | %.2f |%n",
                    r.model(), r.images(), r.nllBpd(), r.payloadBpd(), r.fileBpd(),
                    100 * (r.payloadBpd() - r.nllBpd()) / r.nllBpd(), r.headerBytesPerImage(),
                    1000 * r.encodeSeconds() / r.images(), 1000 * r.decodeSeconds() / r.images()));
        }
        return out.toString();
    }

    private static RasterImage image(IdxImages set, int index) {
        byte[] pixels = new byte[SIDE * SIDE];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) set.pixel(index, p);
        }
        return RasterImage.of(SIDE, SIDE, ColorType.GRAY, 8, pixels);
    }

    private static void exportForPeers(IdxImages test, Path dir) throws IOException {
        Files.createDirectories(dir.resolve("single"));
        int rows = (test.count() + TILES_PER_ROW - 1) / TILES_PER_ROW;
        int width = TILES_PER_ROW * SIDE;
        byte[] tiled = new byte[width * rows * SIDE];
        for (int i = 0; i < test.count(); i++) {
            int tileX = (i % TILES_PER_ROW) * SIDE;
            int tileY = (i / TILES_PER_ROW) * SIDE;
            for (int p = 0; p < SIDE * SIDE; p++) {
                tiled[(tileY + p / SIDE) * width + tileX + p % SIDE] = (byte) test.pixel(i, p);
            }
        }
        ImageFiles.write(RasterImage.of(width, rows * SIDE, ColorType.GRAY, 8, tiled), dir.resolve("tiled.png"));
        for (int i = 0; i < Math.min(SINGLE_EXPORTS, test.count()); i++) {
            ImageFiles.write(image(test, i), dir.resolve("single").resolve(String.format(Locale.ROOT, "%05d.png", i)));
        }
        Files.write(dir.resolve("test-images.raw"), test.pixels());
    }
}
