package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.ConvKind;
import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.nn.LogisticMixture;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.weights.ReferenceTables;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.SampleLayout;

import java.util.ArrayList;
import java.util.List;

/**
 * A convolutional model the straightforward way, for checking the cached stream: every node over
 * the whole image at once, in node order, as a full [height][width][channels] array, with the ops
 * written out from docs/CONVNETS.md (no rings, no schedule, no code shared with ConvModel but the
 * graph and the heads). Causality makes this equal to the stream: a pixel's parameters depend only
 * on the pixels before it, so knowing the rest changes nothing.
 */
final class ConvReference {
    private final ConvGraph graph;
    /** By node id: n<id>.w and n<id>.b of the convolutions. */
    private final float[][] weights;
    private final float[][] biases;
    private final int width;
    private final int height;
    /** values[n][(y * width + x) * channels + c]. */
    private final float[][] values;

    private ConvReference(WeightFile file, SampleLayout layout, byte[] samples) {
        int c = Integer.parseInt(file.meta("channels"));
        OutputHead head = OutputHead.parse(file.meta("output"));
        int p = c == 1 ? head.parameters() : 10 * ((LogisticMixture) head).components();
        graph = ConvArchitecture.fromLabel(file.meta("graph"))
                .graph(c, Integer.parseInt(file.meta("features")), Integer.parseInt(file.meta("depth")), p);
        width = layout.width();
        height = layout.height();
        int count = graph.nodes().size();
        weights = new float[count][];
        biases = new float[count][];
        for (Node n : graph.nodes()) {
            if (n.op() == ConvGraph.Op.CONV) {
                weights[n.id()] = file.floats(n.weightName());
                biases[n.id()] = file.floats(n.biasName());
            }
        }
        values = new float[count][];
        for (Node n : graph.nodes()) {
            values[n.id()] = evaluate(n, samples);
        }
    }

    /** The output node's P values at every pixel: [(y * width + x) * P + p]. */
    static float[] outputs(WeightFile file, SampleLayout layout, byte[] samples) {
        ConvReference reference = new ConvReference(file, layout, samples);
        return reference.values[reference.graph.output().id()];
    }

    /** The tables of every sample in raster order, channels in order within a pixel. */
    static List<ReferenceTables.Step> tables(WeightFile file, SampleLayout layout, byte[] samples) {
        float[] out = outputs(file, layout, samples);
        int c = layout.channels();
        OutputHead head = OutputHead.parse(file.meta("output"));
        CoupledMixture coupled = c == 3 ? new CoupledMixture((LogisticMixture) head) : null;
        int p = c == 1 ? head.parameters() : coupled.parameters();
        List<ReferenceTables.Step> steps = new ArrayList<>();
        double[] params = new double[p];
        int[] coded = new int[c];
        for (int pixel = 0; pixel < layout.width() * layout.height(); pixel++) {
            for (int k = 0; k < p; k++) {
                params[k] = out[pixel * p + k];
            }
            double[] scratch = coupled == null ? null : new double[coupled.scratchSize()];   // one per pixel
            for (int ch = 0; ch < c; ch++) {
                // A mixture codes with its integer edge CDF (LogisticMixture.Edges), a softmax with its table.
                if (coupled != null) {
                    steps.add(ReferenceTables.step(pixel * c + ch, coupled.edges(ch, params, coded,
                            scratch, ((LogisticMixture) head).edges())));
                } else if (head instanceof LogisticMixture mixture) {
                    steps.add(ReferenceTables.step(pixel * c + ch, mixture.edges().set(params, 0)));
                } else {
                    double[] table = new double[256];
                    head.probabilities(params, 0, table);
                    steps.add(ReferenceTables.step(pixel * c + ch, table));
                }
                coded[ch] = samples[pixel * c + ch] & 0xFF;
            }
        }
        return steps;
    }

    private float at(int node, int y, int x, int c) {
        if (y < 0 || x < 0 || y >= height || x >= width) {
            return 0f;
        }
        return values[node][(y * width + x) * graph.node(node).channels() + c];
    }

    private float[] evaluate(Node n, byte[] samples) {
        int ch = n.channels();
        float[] out = new float[height * width * ch];
        int[] in = n.inputs();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int o = (y * width + x) * ch;
                for (int c = 0; c < ch; c++) {
                    out[o + c] = switch (n.op()) {
                        case INPUT -> c < ch - 1 ? (float) ((samples[(y * width + x) * (ch - 1) + c] & 0xFF) / 127.5 - 1) : 1f;
                        case CONV -> conv(n, y, x, c);
                        case SHIFT_DOWN -> at(in[0], y - 1, x, c);
                        case SHIFT_RIGHT -> at(in[0], y, x - 1, c);
                        case ADD -> {
                            float sum = at(in[0], y, x, c);
                            for (int i = 1; i < in.length; i++) {
                                sum += at(in[i], y, x, c);
                            }
                            yield sum;
                        }
                        case CONCAT -> {
                            int k = c;
                            int i = 0;
                            while (k >= graph.node(in[i]).channels()) {
                                k -= graph.node(in[i]).channels();
                                i++;
                            }
                            yield at(in[i], y, x, k);
                        }
                        case CONCAT_ELU -> c < ch / 2 ? elu(at(in[0], y, x, c)) : elu(-at(in[0], y, x, c - ch / 2));
                        case ELU -> elu(at(in[0], y, x, c));
                        case RELU -> at(in[0], y, x, c) > 0 ? at(in[0], y, x, c) : 0f;
                        case TANH_SIGMOID_GATE -> (float) StrictMath.tanh(at(in[0], y, x, c)) * sigmoid(at(in[0], y, x, ch + c));
                        case SIGMOID_GATE -> at(in[0], y, x, c) * sigmoid(at(in[0], y, x, ch + c));
                    };
                }
            }
        }
        return out;
    }

    /** Output channel o at (y, x): bias, then kernel rows, columns and input channels in order. */
    private float conv(Node n, int y, int x, int o) {
        float[] w = weights[n.id()];
        float acc = biases[n.id()][o];
        ConvKind kind = n.kind();
        int cin = graph.node(n.inputs()[0]).channels();
        int cout = n.channels();
        for (int i = 0; i < n.fh(); i++) {
            for (int j = 0; j < n.fw(); j++) {
                int sy = y + i - kind.top(n.fh());
                int sx = x + j - kind.left(n.fw());
                if (!kind.uses(n.fh(), n.fw(), i, j) || sy < 0 || sx < 0 || sy >= height || sx >= width) {
                    continue;
                }
                for (int c = 0; c < cin; c++) {
                    acc += w[((i * n.fw() + j) * cin + c) * cout + o] * at(n.inputs()[0], sy, sx, c);
                }
            }
        }
        return acc;
    }

    private static float elu(float x) {
        return x > 0 ? x : (float) StrictMath.expm1(x);
    }

    private static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + StrictMath.exp(-x)));
    }
}
