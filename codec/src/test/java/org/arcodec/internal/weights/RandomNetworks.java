package org.arcodec.internal.weights;

import java.util.ArrayList;
import java.util.List;

/**
 * Seeded random MADE and NADE weight files for tests and benchmarks. The generator is a
 * SplitMix64 written out here, so the weights (and the golden values derived from them) are the
 * same on every JVM.
 */
public final class RandomNetworks {
    private RandomNetworks() {
    }

    public enum Ordering { RASTER, COLUMN, RANDOM }

    /** What to build. {@code output} is a meta value: {@code softmax} or {@code logistic_mixture:K}. */
    public record Spec(String name, int width, int height, int channels, int[] hidden, int masks, boolean direct,
                       String output, Ordering ordering, long seed) {
        public int inputs() {
            return width * height * channels;
        }

        public int parameters() {
            return output.equals("softmax") ? 256 : 3 * Integer.parseInt(output.substring(output.indexOf(':') + 1));
        }

        @Override
        public String toString() {
            return name + " " + width + "x" + height + "x" + channels + " hidden=" + joined(hidden) + " masks=" + masks
                    + " direct=" + direct + " " + output + " " + ordering;
        }
    }

    /** Weight file bytes of a MADE with random weights and masks. */
    public static byte[] made(Spec spec) {
        SplitMix random = new SplitMix(spec.seed());
        int d = spec.inputs();
        int p = spec.parameters();
        WeightFile.Builder file = common(spec, "made")
                .meta("hidden", joined(spec.hidden()))
                .meta("masks", Integer.toString(spec.masks()))
                .meta("direct", Boolean.toString(spec.direct()))
                .ints("order", new int[] {d}, order(spec, random));
        int below = d;
        for (int l = 0; l < spec.hidden().length; l++) {
            int h = spec.hidden()[l];
            file.floats("W" + (l + 1), new int[] {h, below}, uniform(random, h * below, 2 / Math.sqrt(below)));
            file.floats("b" + (l + 1), new int[] {h}, uniform(random, h, 0.5));
            below = h;
        }
        file.floats("V", new int[] {d * p, below}, uniform(random, d * p * below, 2 / Math.sqrt(below)));
        file.floats("c", new int[] {d * p}, outputBiases(spec, random));
        if (spec.direct()) {
            file.floats("A", new int[] {d * p, d}, uniform(random, d * p * d, 1 / Math.sqrt(d)));
        }
        for (int i = 0; i < spec.masks(); i++) {
            // As in the MADE paper: numbers of layer l at least the smallest of layer l-1.
            int low = 1;
            for (int l = 0; l < spec.hidden().length; l++) {
                int[] numbers = new int[spec.hidden()[l]];
                int lowest = d - 1;
                for (int j = 0; j < numbers.length; j++) {
                    numbers[j] = low + random.nextInt(d - low);
                    lowest = Math.min(lowest, numbers[j]);
                }
                file.ints("mask" + i + ".m" + (l + 1), new int[] {numbers.length}, numbers);
                low = lowest;
            }
        }
        return file.toBytes();
    }

    /** Weight file bytes of a NADE with one hidden layer of {@code hidden[0]} units. */
    public static byte[] nade(Spec spec) {
        SplitMix random = new SplitMix(spec.seed());
        int d = spec.inputs();
        int p = spec.parameters();
        int h = spec.hidden()[0];
        return common(spec, "nade")
                .meta("hidden", Integer.toString(h))
                .ints("order", new int[] {d}, order(spec, random))
                .floats("W", new int[] {h, d}, uniform(random, h * d, 4 / Math.sqrt(d)))
                .floats("b", new int[] {h}, uniform(random, h, 0.5))
                .floats("V", new int[] {d * p, h}, uniform(random, d * p * h, 4 / Math.sqrt(h)))
                .floats("c", new int[] {d * p}, outputBiases(spec, random))
                .toBytes();
    }

    private static WeightFile.Builder common(Spec spec, String arch) {
        return WeightFile.builder()
                .meta("arch", arch)
                .meta("name", spec.name())
                .meta("width", Integer.toString(spec.width()))
                .meta("height", Integer.toString(spec.height()))
                .meta("channels", Integer.toString(spec.channels()))
                .meta("output", spec.output())
                .meta("ordering", spec.ordering().name().toLowerCase(java.util.Locale.ROOT))
                .meta("trained_with", "nothing: random test weights");
    }

    /** Output biases; log-scale rows of a mixture start around -3, so the logistics are narrow. */
    private static float[] outputBiases(Spec spec, SplitMix random) {
        int d = spec.inputs();
        int p = spec.parameters();
        float[] c = uniform(random, d * p, 1);
        if (!spec.output().equals("softmax")) {
            int k = p / 3;
            for (int i = 0; i < d; i++) {
                for (int j = 2 * k; j < 3 * k; j++) {
                    c[i * p + j] -= 3;
                }
            }
        }
        return c;
    }

    static int[] order(Spec spec, SplitMix random) {
        int w = spec.width();
        int h = spec.height();
        int ch = spec.channels();
        List<Integer> order = new ArrayList<>();
        switch (spec.ordering()) {
            case RASTER -> {
                for (int i = 0; i < w * h * ch; i++) {
                    order.add(i);
                }
            }
            case COLUMN -> {
                for (int x = 0; x < w; x++) {
                    for (int y = 0; y < h; y++) {
                        for (int c = 0; c < ch; c++) {
                            order.add((y * w + x) * ch + c);
                        }
                    }
                }
            }
            case RANDOM -> {
                for (int i = 0; i < w * h * ch; i++) {
                    order.add(i);
                }
                for (int i = order.size() - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    order.set(j, order.set(i, order.get(j)));
                }
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float[] uniform(SplitMix random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        return values;
    }

    private static String joined(int[] sizes) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            s.append(i == 0 ? "" : ",").append(sizes[i]);
        }
        return s.toString();
    }

    /** SplitMix64 (Steele, Lea and Flood 2014): a fixed sequence for a seed, on every JVM. */
    public static final class SplitMix {
        private long state;

        public SplitMix(long seed) {
            state = seed;
        }

        public long nextLong() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** Uniform in [0, 1) with 53 bits. */
        public double nextDouble() {
            return (nextLong() >>> 11) * 0x1.0p-53;
        }

        /** Uniform in [0, bound), by rejection, for bound >= 1. */
        public int nextInt(int bound) {
            long limit = Long.MAX_VALUE - Long.MAX_VALUE % bound;
            long r;
            do {
                r = nextLong() >>> 1;
            } while (r >= limit);
            return (int) (r % bound);
        }
    }
}
