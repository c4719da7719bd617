package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.RandomNetworks.SplitMix;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.SampleLayout;

/**
 * Seeded random weight files of convolutional models ({@code arch=conv}) for tests and
 * benchmarks, from {@link SplitMix}, so the weights are the same on every JVM. Masked kernel
 * entries get random values too: the codec must ignore them.
 */
public final class RandomConvNetworks {
    private RandomConvNetworks() {
    }

    /** What to build: {@code graph} a ConvArchitecture label, {@code output} softmax or logistic_mixture:K. */
    public record Spec(String name, String graph, int channels, int features, int depth, String output, long seed) {
        public int parameters() {
            if (output.equals("softmax")) {
                return 256;
            }
            int k = components();
            return channels == 1 ? 3 * k : 10 * k;
        }

        int components() {
            return Integer.parseInt(output.substring(output.indexOf(':') + 1));
        }

        public ConvGraph network() {
            return ConvArchitecture.fromLabel(graph).graph(channels, features, depth, parameters());
        }

        public SampleLayout layout(int width, int height) {
            return new SampleLayout(width, height, channels, 256);
        }

        @Override
        public String toString() {
            return name + " " + graph + " C=" + channels + " F=" + features + " L=" + depth + " " + output;
        }
    }

    /** The weight file's bytes. */
    public static byte[] bytes(Spec spec) {
        return builder(spec).toBytes();
    }

    public static WeightFile file(Spec spec) {
        return WeightFile.read(bytes(spec), spec.name() + ".arcm");
    }

    public static AutoregressiveModel load(Spec spec) {
        return NetworkLoader.load(file(spec));
    }

    /**
     * The file, ready to write: weights uniform with variance 1 / (used entries x input channels),
     * biases uniform in [-0.2, 0.2]; the output's log-scale biases lowered by 3, so that the
     * logistics are narrow and the tables far from flat.
     */
    static WeightFile.Builder builder(Spec spec) {
        ConvGraph graph = spec.network();
        SplitMix random = new SplitMix(spec.seed());
        WeightFile.Builder file = WeightFile.builder()
                .meta("arch", NetworkLoader.CONV)
                .meta("name", spec.name())
                .meta("graph", spec.graph())
                .meta("channels", Integer.toString(spec.channels()))
                .meta("features", Integer.toString(spec.features()))
                .meta("depth", Integer.toString(spec.depth()))
                .meta("output", spec.output())
                .meta("trained_with", "nothing: random test weights");
        for (Node n : graph.nodes()) {
            if (n.op() != Op.CONV) {
                continue;
            }
            int cin = graph.node(n.inputs()[0]).channels();
            int used = Math.max(1, ConvTaps.of(n).length / ConvTaps.STRIDE);
            double scale = Math.sqrt(3.0 / (used * cin));
            file.floats(n.weightName(), new int[] {n.fh(), n.fw(), cin, n.channels()},
                    uniform(random, n.fh() * n.fw() * cin * n.channels(), scale));
            float[] bias = uniform(random, n.channels(), 0.2);
            if (n == graph.output() && !spec.output().equals("softmax")) {
                int k = spec.components();
                int[] logScaleBlocks = spec.channels() == 1 ? new int[] {2} : new int[] {2, 4, 6};
                for (int block : logScaleBlocks) {
                    for (int i = 0; i < k; i++) {
                        bias[block * k + i] -= 3;
                    }
                }
            }
            file.floats(n.biasName(), new int[] {n.channels()}, bias);
        }
        return file;
    }

    private static float[] uniform(SplitMix random, int n, double scale) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) ((2 * random.nextDouble() - 1) * scale);
        }
        return values;
    }
}
