package org.arcodec.internal.conv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Speed of the {@link ConvKernel} pieces on PixelCNN++ F=32 shapes (6 taps, 64 input channels,
 * 32 and 64 output channels; ELU and the sigmoid gate over 32 channels), one thread. Trials of
 * each variant alternate so that a slow spell of the machine hits all of them; the minimum and
 * median are printed. Run it with (any JDK from 17; the vector kernel is fast from 25):
 * <pre>
 * ./mvnw -q -B -pl codec test-compile
 * java --add-modules jdk.incubator.vector -cp codec/target/classes:codec/target/test-classes \
 *     org.arcodec.internal.conv.ConvKernelBenchmark
 * </pre>
 */
public final class ConvKernelBenchmark {
    private static final int WIDTH = 256;
    private static final int TRIALS = 25;

    private ConvKernelBenchmark() {
    }

    public static void main(String[] args) {
        Random random = new Random(1);
        ConvKernel scalar = ScalarConvKernel.INSTANCE;
        ConvKernel vector = VectorConvKernel.create();
        System.out.println("java " + Runtime.version() + ", " + vector.name());
        for (int cout : new int[] {32, 64}) {
            int cin = 64;
            int taps = 6;
            float[][] w = new float[taps * cin][cout];
            for (float[] row : w) {
                for (int j = 0; j < cout; j++) {
                    row[j] = (float) random.nextGaussian();
                }
            }
            float[] bias = new float[cout];
            float[] src = new float[(WIDTH + 8) * cin];
            for (int i = 0; i < src.length; i++) {
                src[i] = (float) random.nextGaussian();
            }
            int[] rows = new int[taps];
            int[] offsets = new int[taps];
            for (int t = 0; t < taps; t++) {
                rows[t] = t * cin;
                offsets[t] = (t % 3) * cin;
            }
            float[] sum = new float[4 * cout];
            int macs = WIDTH * taps * cin * cout;
            alternate("conv cout " + cout + ", ", macs, "ns/MAC",
                    new String[] {"scalar per column", "vector per column", "vector 4 columns"},
                    () -> perColumn(scalar, bias, w, rows, src, offsets, taps, cin, cout, sum),
                    () -> perColumn(vector, bias, w, rows, src, offsets, taps, cin, cout, sum),
                    () -> {
                        for (int col = 0; col < WIDTH; col += 4) {
                            vector.runColumns(bias, w, rows, src, shift(offsets, col * cin), taps, cin, cout, cin, 4, sum);
                        }
                    });
        }
        float[] values = new float[2 * WIDTH * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 2);
        }
        float[] out = new float[WIDTH * 32];
        String[] kernels = {"scalar", "vector"};
        float[] both = new float[2 * out.length];
        alternate("concat-elu, ", both.length, "ns/value", kernels,
                () -> concatElu(scalar, values, both), () -> concatElu(vector, values, both));
        alternate("sigmoid gate, ", out.length, "ns/value", kernels,
                () -> sigmoidGate(scalar, values, out), () -> sigmoidGate(vector, values, out));
    }

    private static void perColumn(ConvKernel kernel, float[] bias, float[][] w, int[] rows, float[] src, int[] offsets,
                                  int taps, int cin, int cout, float[] sum) {
        for (int col = 0; col < WIDTH; col++) {
            kernel.run(bias, w, rows, src, shift(offsets, col * cin), taps, cin, cout, sum);
        }
    }

    /** 32 channels at a time into 64 values, as a PixelCNN++ F=32 concat-ELU does at each position. */
    private static void concatElu(ConvKernel kernel, float[] values, float[] out) {
        for (int at = 0; 2 * at < out.length; at += 32) {
            kernel.concatElu(values, at, out, 2 * at, 32);
        }
    }

    /** 32 gated channels at a time: the values, then the gates. */
    private static void sigmoidGate(ConvKernel kernel, float[] values, float[] out) {
        for (int at = 0; at < out.length; at += 32) {
            kernel.sigmoidGate(values, 2 * at, 2 * at + 32, out, at, 32);
        }
    }

    /**
     * Runs the variants in turn, TRIALS times, each 10 times a trial, and prints per variant the
     * minimum and median time per unit (one call of a variant does {@code units} of them).
     */
    private static void alternate(String prefix, double units, String unit, String[] names, Runnable... variants) {
        double[][] times = new double[variants.length][TRIALS];
        for (int trial = 0; trial < TRIALS; trial++) {
            for (int v = 0; v < variants.length; v++) {
                long start = System.nanoTime();
                for (int rep = 0; rep < 10; rep++) {
                    variants[v].run();
                }
                times[v][trial] = (System.nanoTime() - start) / (10.0 * units);
            }
        }
        for (int v = 0; v < variants.length; v++) {
            report(prefix + names[v], unit, times[v]);
        }
    }

    private static int[] shifted;

    private static int[] shift(int[] offsets, int by) {
        if (shifted == null || shifted.length != offsets.length) {
            shifted = new int[offsets.length];
        }
        for (int t = 0; t < offsets.length; t++) {
            shifted[t] = offsets[t] + by;
        }
        return shifted;
    }

    private static void report(String what, String unit, double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted);
        System.out.println(String.format(Locale.ROOT, "%-36s min %.4f  median %.4f %s", what, sorted[0],
                sorted[sorted.length / 2], unit));
    }
}
