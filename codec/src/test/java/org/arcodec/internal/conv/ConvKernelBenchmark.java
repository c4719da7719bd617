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
            String[] names = {"scalar per column", "vector per column", "vector 4 columns"};
            double[][] times = new double[names.length][TRIALS];
            for (int trial = 0; trial < TRIALS; trial++) {
                for (int v = 0; v < names.length; v++) {
                    long start = System.nanoTime();
                    for (int rep = 0; rep < 10; rep++) {
                        for (int col = 0; col < WIDTH; col += 4) {
                            if (v == 2) {
                                vector.runColumns(bias, w, rows, src, shift(offsets, col * cin), taps, cin, cout, cin, 4, sum);
                            } else {
                                for (int k = 0; k < 4; k++) {
                                    (v == 0 ? scalar : vector).run(bias, w, rows, src, shift(offsets, (col + k) * cin),
                                            taps, cin, cout, sum);
                                }
                            }
                        }
                    }
                    times[v][trial] = (System.nanoTime() - start) / (10.0 * WIDTH * taps * cin * cout);
                }
            }
            for (int v = 0; v < names.length; v++) {
                report("conv cout " + cout + ", " + names[v], "ns/MAC", times[v]);
            }
        }
        float[] activations = new float[WIDTH * 32];
        for (int i = 0; i < activations.length; i++) {
            activations[i] = (float) (random.nextGaussian() * 2);
        }
        float[] out = new float[activations.length];
        double[][] times = new double[2][TRIALS];
        for (int trial = 0; trial < TRIALS; trial++) {
            for (int v = 0; v < 2; v++) {
                ConvKernel k = v == 0 ? scalar : vector;
                long start = System.nanoTime();
                for (int rep = 0; rep < 10; rep++) {
                    for (int at = 0; at < activations.length; at += 32) {
                        k.elu(activations, at, out, at, 32, 1f);
                    }
                }
                times[v][trial] = (System.nanoTime() - start) / (10.0 * activations.length);
            }
        }
        report("elu, scalar", "ns/value", times[0]);
        report("elu, vector", "ns/value", times[1]);
        float[] gates = new float[2 * activations.length];
        for (int i = 0; i < gates.length; i++) {
            gates[i] = (float) (random.nextGaussian() * 2);
        }
        for (int trial = 0; trial < TRIALS; trial++) {
            for (int v = 0; v < 2; v++) {
                ConvKernel k = v == 0 ? scalar : vector;
                long start = System.nanoTime();
                for (int rep = 0; rep < 10; rep++) {
                    for (int at = 0; at < activations.length; at += 32) {
                        k.sigmoidGate(gates, 2 * at, 2 * at + 32, out, at, 32);
                    }
                }
                times[v][trial] = (System.nanoTime() - start) / (10.0 * activations.length);
            }
        }
        report("sigmoid gate, scalar", "ns/value", times[0]);
        report("sigmoid gate, vector", "ns/value", times[1]);
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
