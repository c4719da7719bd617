package org.arcodec.internal.made;

import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.RandomNetworks;
import org.arcodec.internal.weights.RandomNetworks.Ordering;
import org.arcodec.internal.weights.RandomNetworks.Spec;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.Arrays;

/**
 * How long MADE and NADE of the shipped size take per 28x28 gray image: the encoder's batch path
 * (one forward pass, then the 784 heads) against the decoder's sequential path (next / observe
 * per sample, each hidden unit computed once as soon as its inputs are known). Random weights;
 * the time does not depend on their values. Not a test: run it by hand,
 *
 * <pre>
 * mvn -q -B -Dbuild.suffix=-infer -pl codec test-compile exec:java \
 *     -Dexec.mainClass=org.arcodec.internal.made.MadeDecodeBenchmark -Dexec.classpathScope=test
 * </pre>
 *
 * and it prints the median of {@code RUNS} timed runs after {@code WARMUP} untimed ones, per
 * model. The 1-component mixture shows what the network costs without most of the head work:
 * the 5-component head (255 StrictMath.exp per component and sample) dominates otherwise.
 */
public final class MadeDecodeBenchmark {
    private static final int WARMUP = 5;
    private static final int RUNS = 9;

    private MadeDecodeBenchmark() {
    }

    public static void main(String[] args) {
        Spec[] specs = {
                new Spec("made-500-500", 28, 28, 1, new int[] {500, 500}, 1, false, "logistic_mixture:5",
                        Ordering.RASTER, 1),
                new Spec("made-500-500-direct", 28, 28, 1, new int[] {500, 500}, 1, true, "logistic_mixture:5",
                        Ordering.RASTER, 2),
                new Spec("made-500-500-mix1", 28, 28, 1, new int[] {500, 500}, 1, false, "logistic_mixture:1",
                        Ordering.RASTER, 3),
                new Spec("made-500-500-masks2", 28, 28, 1, new int[] {500, 500}, 2, false, "logistic_mixture:5",
                        Ordering.RASTER, 4),
                new Spec("nade-500", 28, 28, 1, new int[] {500}, 1, false, "logistic_mixture:5", Ordering.RASTER, 5),
        };
        System.out.printf("%-22s %12s %12s %8s%n", "model", "batch ms", "decode ms", "ratio");
        for (Spec spec : specs) {
            byte[] bytes = spec.name().startsWith("nade") ? RandomNetworks.nade(spec) : RandomNetworks.made(spec);
            AutoregressiveModel model = NetworkLoader.load(WeightFile.read(bytes, spec.name()));
            SampleLayout layout = new SampleLayout(28, 28, 1, 256);
            byte[] image = image(layout);
            double batch = median(() -> batch(model, layout, image));
            double decode = median(() -> decode(model, layout, image));
            System.out.printf("%-22s %12.2f %12.2f %8.2f%n", spec.name(), batch, decode, decode / batch);
        }
    }

    private static long sink;

    private static void batch(AutoregressiveModel model, SampleLayout layout, byte[] image) {
        model.open(layout).forEachConditional(image, new QuantizedCdf(), (sample, cdf) -> sink += cdf.cumulative(128));
    }

    private static void decode(AutoregressiveModel model, SampleLayout layout, byte[] image) {
        ConditionalStream stream = model.open(layout);
        QuantizedCdf cdf = new QuantizedCdf();
        for (int s = 0; s < image.length; s++) {
            int sample = stream.next(cdf);
            sink += cdf.cumulative(128);
            stream.observe(image[sample] & 0xFF);
        }
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

    /** A smooth synthetic 28x28 image: a blob on a dark background, like Fashion-MNIST. */
    private static byte[] image(SampleLayout layout) {
        byte[] samples = new byte[(int) layout.samples()];
        for (int y = 0; y < layout.height(); y++) {
            for (int x = 0; x < layout.width(); x++) {
                double r = Math.hypot(x - 13.5, y - 13.5);
                samples[y * layout.width() + x] = (byte) Math.max(0, Math.min(255, (int) (255 - 20 * r)));
            }
        }
        return samples;
    }
}
