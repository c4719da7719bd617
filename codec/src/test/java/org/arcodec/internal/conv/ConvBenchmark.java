package org.arcodec.internal.conv;

import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.conv.RandomConvNetworks.Spec;
import org.arcodec.model.AutoregressiveModel;

import java.util.Arrays;

/**
 * Encode and decode speed of the convolutional models at the sizes the shipped models will
 * likely have, single-threaded, through the public API ({@code Arcodec.compress} and
 * {@code decompress}: network, heads, quantiser and range coder). Random weights; the time does
 * not depend on their values. Not a test: run it by hand (docs/CONVNETS.md),
 *
 * <pre>
 * ./mvnw -q -B -o -pl codec test-compile exec:java -Dbuild.suffix=-conv \
 *     -Dexec.mainClass=org.arcodec.internal.conv.ConvBenchmark -Dexec.classpathScope=test \
 *     [-Dexec.args="--rows 16"]
 * </pre>
 *
 * A 28x28 image is timed whole: the median of {@code RUNS} runs after {@code WARMUP}. A 512x512
 * image takes minutes per model, so by default only its first {@code --rows} rows (a 512-wide
 * image of that height) are timed, once, after a warm-up on 512x2, and the output says that the
 * whole image's time is extrapolated from them; {@code --rows 512} times the whole image. Per
 * pixel the work is the same in every row but the first (which has nothing above), so the
 * extrapolation is a pixel rate.
 */
public final class ConvBenchmark {
    private static final int WARMUP = 20;
    private static final int RUNS = 15;
    private static final int DEFAULT_ROWS = 16;

    private ConvBenchmark() {
    }

    static Spec[] specs() {
        return new Spec[] {
                new Spec("pixelcnn-32x5", "pixelcnn", 1, 32, 5, "softmax", 1),
                new Spec("gated-32x5", "gated_pixelcnn", 1, 32, 5, "softmax", 2),
                new Spec("pixelcnn_pp-32x2", "pixelcnn_pp", 1, 32, 2, "logistic_mixture:5", 3),
        };
    }

    public static void main(String[] args) {
        int rows = DEFAULT_ROWS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                rows = Math.max(1, Math.min(512, Integer.parseInt(args[++i])));
            } else {
                throw new IllegalArgumentException("usage: ConvBenchmark [--rows N]  (rows of the 512x512 image to time)");
            }
        }
        System.out.printf("java %s, %s, %d cores; single-threaded%n", System.getProperty("java.version"),
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-18s %-8s %14s %14s  %s%n", "model", "image", "encode px/s", "decode px/s", "note");
        for (Spec spec : specs()) {
            AutoregressiveModel model = RandomConvNetworks.load(spec);
            ModelCatalog catalog = ModelCatalog.bundled().with(model);

            RasterImage small = image(28, 28);
            byte[] smallArc = Arcodec.compress(small, model).bytes();
            double encode = median(() -> Arcodec.compress(small, model));
            double decode = median(() -> Arcodec.decompress(smallArc, catalog));
            print(spec, "28x28", 28 * 28, encode, decode, "median of " + RUNS + " runs");

            RasterImage warm = image(512, 2);
            Arcodec.decompress(Arcodec.compress(warm, model).bytes(), catalog);
            RasterImage large = image(512, rows);
            long t0 = System.nanoTime();
            byte[] largeArc = Arcodec.compress(large, model).bytes();
            long t1 = System.nanoTime();
            Arcodec.decompress(largeArc, catalog);
            long t2 = System.nanoTime();
            print(spec, "512x512", 512 * rows, (t1 - t0) / 1e6, (t2 - t1) / 1e6, rows == 512 ? "whole image, one run"
                    : String.format("first %d rows timed; whole image extrapolated: encode %.0f s, decode %.0f s", rows,
                    (t1 - t0) / 1e9 * 512 / rows, (t2 - t1) / 1e9 * 512 / rows));
        }
    }

    private static void print(Spec spec, String size, int pixels, double encodeMs, double decodeMs, String note) {
        System.out.printf("%-18s %-8s %14.0f %14.0f  %s%n", spec.name(), size, pixels / encodeMs * 1e3,
                pixels / decodeMs * 1e3, note);
    }

    private static double median(Runnable run) {
        for (int i = 0; i < WARMUP; i++) {
            run.run();
        }
        double[] ms = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            run.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        return ms[RUNS / 2];
    }

    /** A smooth gray image with a little noise: a blob on a dark background, like Fashion-MNIST. */
    private static RasterImage image(int width, int height) {
        byte[] samples = new byte[width * height];
        double centre = (Math.min(width, 28) - 1) / 2.0;
        int noise = 12345;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double r = Math.hypot((x % 28) - centre, (y % 28) - centre);
                noise = noise * 1103515245 + 12345;
                int v = (int) (255 - 20 * r) + ((noise >>> 16) & 7);
                samples[y * width + x] = (byte) Math.max(0, Math.min(255, v));
            }
        }
        return RasterImage.of(width, height, ColorType.GRAY, 8, samples);
    }
}
