package org.arcodec.internal.conv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Speed of a learnt output layer per pixel ({@link HeadAdapter}, {@link PixelGradient}) on the
 * shapes of the photo models (K = 5, 35 of P = 50 parameters corrected, D = 32), one thread: the gradient of the pixel's
 * code length, the correction added before the pixel, and the whole step after it; then the
 * neighbour-residual correction ({@link ResidualCorrection}) with a gradient of its own, so that
 * its cost is that figure less the gradient's. Run it with:
 * <pre>
 * ./mvnw -q -B -pl codec test-compile
 * java -cp codec/target/classes:codec/target/test-classes org.arcodec.internal.conv.HeadAdapterBenchmark
 * </pre>
 */
public final class HeadAdapterBenchmark {
    private static final int PIXELS = 20_000;
    private static final int TRIALS = 15;
    private static final int RESIDUAL_WIDTH = 200;

    private HeadAdapterBenchmark() {
    }

    public static void main(String[] args) {
        Random random = new Random(1);
        int k = 5;
        int features = 32;
        double[][] heads = new double[64][];
        int[][] pixels = new int[64][];
        float[] data = new float[64 * features];
        for (int i = 0; i < heads.length; i++) {
            heads[i] = PixelGradientTest.randomHead(random, k);
            pixels[i] = new int[] {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        }
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        PixelGradient gradient = new PixelGradient(k, 3);
        HeadAdapter adapter = new HeadAdapter(7 * k, features, new PixelGradient(k, 3), 1e-5);
        double[] p = new double[10 * k];
        CoupledMixture rgb = new CoupledMixture(new org.arcodec.internal.nn.LogisticMixture(k));
        ResidualCorrection residual = new ResidualCorrection(rgb.meanParameters(), rgb.logScaleParameters(), 3,
                RESIDUAL_WIDTH, 1e-5);
        PixelGradient residualGradient = new PixelGradient(k, 3);
        String[] names = {"gradient", "shift", "shift + learn", "residual shift + learn"};
        Runnable[] runs = {
            () -> {
                for (int i = 0; i < PIXELS; i++) {
                    gradient.codeLength(heads[i & 63], pixels[i & 63]);
                }
            },
            () -> {
                for (int i = 0; i < PIXELS; i++) {
                    adapter.shift(p, data, (i & 63) * features);
                }
            },
            () -> {
                for (int i = 0; i < PIXELS; i++) {
                    System.arraycopy(heads[i & 63], 0, p, 0, p.length);
                    adapter.shift(p, data, (i & 63) * features);
                    adapter.learn(p, pixels[i & 63]);
                }
            },
            () -> {
                for (int i = 0; i < PIXELS; i++) {
                    System.arraycopy(heads[i & 63], 0, p, 0, p.length);
                    int y = i / RESIDUAL_WIDTH;
                    int x = i % RESIDUAL_WIDTH;
                    residual.shift(p, y, x);
                    residualGradient.codeLength(p, pixels[i & 63]);
                    residual.learn(p, pixels[i & 63], residualGradient, y, x);
                }
            },
        };
        double[][] times = new double[runs.length][TRIALS];
        for (int trial = 0; trial < TRIALS; trial++) {
            for (int r = 0; r < runs.length; r++) {
                long start = System.nanoTime();
                runs[r].run();
                times[r][trial] = (System.nanoTime() - start) / 1e3 / PIXELS;
            }
        }
        System.out.println("java " + Runtime.version());
        for (int r = 0; r < runs.length; r++) {
            Arrays.sort(times[r]);
            System.out.printf(Locale.ROOT, "%-14s min %.2f us/pixel, median %.2f%n", names[r], times[r][0],
                    times[r][TRIALS / 2]);
        }
    }
}
