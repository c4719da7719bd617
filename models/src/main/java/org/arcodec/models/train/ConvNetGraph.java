package org.arcodec.models.train;

import org.arcodec.internal.conv.ConvArchitecture;
import org.arcodec.internal.conv.ConvGraph;
import org.arcodec.internal.conv.ConvGraph.ConvKind;
import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.conv.ConvModel;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.weights.WeightFile;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A fully convolutional autoregressive network ({@link ConvGraph}, built by a
 * {@link ConvArchitecture}) as a SameDiff graph for images of one size, node by node. Feature maps
 * are NHWC, [B, H, W, c]; positions outside the image read as 0.
 * <pre>
 *   x      [B, H, W, C]   placeholder, v / 127.5 - 1
 *   v0     [B, H, W, C+1] = [x, 1]                         (the 1 is 0 in the zero padding)
 *   CONV   w [fh, fw, cin, cout], entry (i, j) reading (y + i - top, x + j - left): zero padding,
 *          the kernel's input positions side by side [B, H, W, fh*fw*cin], times w * mask, + b
 *   SHIFT_DOWN  pad one row on top, drop the last;  SHIFT_RIGHT  the same with columns
 *   out    [B, H, W, P] -> [B, H*W, P]; logp [B, H*W] (nats);  loss = mean over images of -sum logp
 * </pre>
 * Masked kernels (MASK_A, MASK_B) are multiplied by their 0/1 mask, a constant of the graph, so
 * masked entries never matter and are exported as 0. The head is a 256-way softmax or a
 * discretised logistic mixture whose P = 3K parameters are K logits, K means, K log-scales
 * ({@link LogisticMixtureLoss}). Each node's value is the variable {@code v<id>}, for tests.
 *
 * <p>C = 1 (grayscale) or C = 3 (RGB). An RGB network sees whole pixels before the current one
 * and predicts the current pixel's three samples with the coupled mixture of PixelCNN++, P = 10K
 * ({@link LogisticMixtureLoss#coupledRgb}, laid out as the codec's CoupledMixture reads it); it has
 * no softmax head.
 */
final class ConvNetGraph {
    static final String INPUT = "x";
    static final String LOG_PROB = "logp";
    static final String LOSS = "loss";
    /** The weight file's {@code arch} value. */
    static final String ARCH = "conv";
    /** Residual branches start at this fraction of He-normal scale, so that L blocks add little at first. */
    static final double RESIDUAL_GAIN = 0.1;
    /** The output layer starts at this fraction of a unit-variance (LeCun) scale: near-uniform predictions. */
    static final double OUTPUT_GAIN = 0.1;

    /** Null for a graph built by hand ({@link #forGraph}), which cannot be exported. */
    final ConvArchitecture architecture;
    final int channels;
    final int features;
    final int depth;
    /** Mixture components, or 0 for a 256-way softmax. */
    final int mixture;
    final int height;
    final int width;
    final ConvGraph graph;
    private final SameDiff sd;
    /** [B, H, W, 1] of ones, while the graph is built. */
    private SDVariable ones;

    private ConvNetGraph(ConvArchitecture architecture, int features, int depth, ConvGraph graph, int mixture,
                         int height, int width, SameDiff sd) {
        if (graph.imageChannels() != 1 && graph.imageChannels() != 3) {
            throw new IllegalArgumentException("networks of 1 or 3 channels are trained, got C="
                    + graph.imageChannels());
        }
        if (graph.imageChannels() == 3 && mixture == 0) {
            throw new IllegalArgumentException("an RGB network needs a logistic mixture head, not a softmax");
        }
        if (graph.output().channels() != parameters(mixture, graph.imageChannels())) {
            throw new IllegalArgumentException("output node has " + graph.output().channels() + " channels, the "
                    + (mixture == 0 ? "softmax" : mixture + "-component mixture") + " head needs "
                    + parameters(mixture, graph.imageChannels()));
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height);
        }
        this.architecture = architecture;
        this.channels = graph.imageChannels();
        this.features = features;
        this.depth = depth;
        this.graph = graph;
        this.mixture = mixture;
        this.height = height;
        this.width = width;
        this.sd = sd;
    }

    private static ConvNetGraph of(ConvArchitecture architecture, int channels, int features, int depth, int mixture,
                                   int height, int width, SameDiff sd) {
        return new ConvNetGraph(architecture, features, depth, architecture.graph(channels, features, depth,
                parameters(mixture, channels)), mixture, height, width, sd);
    }

    /** P, the head's parameters per pixel of C channels, as the codec counts them (256, 3K, or 10K for RGB). */
    static int parameters(int mixture, int channels) {
        return ConvModel.headParameters(channels, OutputHead.parse(outputLabel(mixture)));
    }

    /**
     * A network with initial weights drawn from {@code seed} ({@link #initialWeights}), or the
     * graph of a checkpoint that this method built ({@code loaded}).
     */
    static ConvNetGraph create(ConvArchitecture architecture, int channels, int features, int depth, int mixture,
                               int height, int width, long seed, SameDiff loaded) {
        ConvNetGraph g = of(architecture, channels, features, depth, mixture, height, width,
                loaded == null ? SameDiff.create() : loaded);
        if (loaded == null) {
            g.build(initialWeights(g.graph, mixture, seed));
        }
        return g;
    }

    /** A network with the given tensors ({@code n<id>.w}, {@code n<id>.b}) for every convolution. */
    static ConvNetGraph withWeights(ConvArchitecture architecture, int channels, int features, int depth, int mixture,
                                    int height, int width, Map<String, INDArray> weights) {
        ConvNetGraph g = of(architecture, channels, features, depth, mixture, height, width, SameDiff.create());
        g.build(weights);
        return g;
    }

    /**
     * Any graph with given weights (tests of single ops); its output must have the head's P
     * channels. It has no architecture meta, so it cannot be exported.
     */
    static ConvNetGraph forGraph(ConvGraph graph, int mixture, int height, int width, Map<String, INDArray> weights) {
        ConvNetGraph g = new ConvNetGraph(null, 0, 0, graph, mixture, height, width, SameDiff.create());
        g.build(weights);
        return g;
    }

    /** The network of a weight file (the inverse of {@link #export}), for images of height x width. */
    static ConvNetGraph fromWeightFile(WeightFile file, int height, int width) {
        if (!ARCH.equals(file.meta("arch"))) {
            throw new IllegalArgumentException(file.source() + ": not a convolutional network (arch="
                    + file.meta("arch") + ")");
        }
        int channels = file.metaInt("channels", 1, 4);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException(file.source() + ": only channels=1 and channels=3 networks are trained here");
        }
        ConvArchitecture architecture = ConvArchitecture.fromLabel(file.meta("graph"));
        int features = file.metaInt("features", 1, 1024);
        int depth = file.metaInt("depth", 0, 64);
        String output = file.meta("output");
        int mixture = output.equals("softmax") ? 0 : Integer.parseInt(output.substring("logistic_mixture:".length()));
        ConvGraph graph = architecture.graph(channels, features, depth, parameters(mixture, channels));
        Map<String, INDArray> weights = new LinkedHashMap<>();
        for (Node n : graph.nodes()) {
            if (n.op() == Op.CONV) {
                int cin = graph.node(n.inputs()[0]).channels();
                weights.put(n.weightName(), Nd4j.create(file.floats(n.weightName(), n.fh(), n.fw(), cin, n.channels()),
                        new long[] {n.fh(), n.fw(), cin, n.channels()}, 'c'));
                weights.put(n.biasName(), Nd4j.create(file.floats(n.biasName(), n.channels()),
                        new long[] {n.channels()}, 'c'));
            }
        }
        return withWeights(architecture, channels, features, depth, mixture, height, width, weights);
    }

    SameDiff sameDiff() {
        return sd;
    }

    String outputLabel() {
        return outputLabel(mixture);
    }

    /** The {@code output} meta value of a head of K components, or of a softmax for K = 0. */
    static String outputLabel(int mixture) {
        return mixture == 0 ? "softmax" : "logistic_mixture:" + mixture;
    }

    /** A [B, D] batch of scaled images in raster order (samples of a pixel together) as the [B, H, W, C] placeholder array. */
    INDArray input(INDArray raster) {
        return raster.reshape('c', raster.size(0), height, width, channels);
    }

    /** Per-pixel log-likelihoods (nats, all C samples of a pixel together), [B, H*W] in raster order, of a [B, H, W, C] batch. */
    INDArray logProb(INDArray x) {
        return sd.output(Map.of(INPUT, x), LOG_PROB).get(LOG_PROB);
    }

    /** Log-likelihood of each image (nats), [B]. */
    INDArray imageLogProb(INDArray x) {
        return logProb(x).sum(1);
    }

    /** The value of node {@code id}, [B, H, W, channels]. */
    INDArray nodeValue(int id, INDArray x) {
        String name = valueName(id);
        return sd.output(Map.of(INPUT, x), name).get(name);
    }

    static String valueName(int id) {
        return "v" + id;
    }

    static String maskName(Node n) {
        return "n" + n.id() + ".mask";
    }

    /** The 0/1 mask of a convolution's kernel, [fh, fw, cin, cout]. */
    static INDArray mask(Node n, int inChannels) {
        float[] m = new float[n.fh() * n.fw() * inChannels * n.channels()];
        int k = 0;
        for (int i = 0; i < n.fh(); i++) {
            for (int j = 0; j < n.fw(); j++) {
                float used = n.kind().uses(n.fh(), n.fw(), i, j) ? 1f : 0f;
                for (int c = 0; c < inChannels * n.channels(); c++) {
                    m[k++] = used;
                }
            }
        }
        return Nd4j.create(m, new long[] {n.fh(), n.fw(), inChannels, n.channels()}, 'c');
    }

    static boolean masked(ConvKind kind) {
        return kind == ConvKind.MASK_A || kind == ConvKind.MASK_B;
    }

    private void build(Map<String, INDArray> weights) {
        List<Node> nodes = graph.nodes();
        SDVariable[] v = new SDVariable[nodes.size()];
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, height, width, channels);
        ones = sd.onesLike(sd.slice(x, new int[] {0, 0, 0, 0}, -1, height, width, 1));    // [B, H, W, 1]
        for (Node n : nodes) {
            SDVariable in = n.op() == Op.INPUT ? x : v[n.inputs()[0]];
            int c = n.channels();
            SDVariable out = switch (n.op()) {
                case INPUT -> sd.concat(3, x, ones);
                case CONV -> conv(n, in, weights);
                case SHIFT_DOWN -> sd.slice(pad(in, 1, 0, 0, 0), new int[] {0, 0, 0, 0}, -1, height, width, c);
                case SHIFT_RIGHT -> sd.slice(pad(in, 0, 0, 1, 0), new int[] {0, 0, 0, 0}, -1, height, width, c);
                case ADD -> {
                    SDVariable sum = in;
                    for (int k = 1; k < n.inputs().length; k++) {
                        sum = sum.add(v[n.inputs()[k]]);
                    }
                    yield sum;
                }
                case CONCAT -> {
                    SDVariable[] parts = new SDVariable[n.inputs().length];
                    for (int k = 0; k < parts.length; k++) {
                        parts[k] = v[n.inputs()[k]];
                    }
                    yield parts.length == 1 ? sd.identity(parts[0]) : sd.concat(3, parts);
                }
                case CONCAT_ELU -> sd.concat(3, sd.nn().elu(in), sd.nn().elu(in.neg()));
                case ELU -> sd.nn().elu(in);
                case RELU -> sd.nn().relu(in, 0);
                case TANH_SIGMOID_GATE -> sd.math().tanh(channelSlice(in, 0, c)).mul(sd.nn().sigmoid(channelSlice(in, c, c)));
                case SIGMOID_GATE -> channelSlice(in, 0, c).mul(sd.nn().sigmoid(channelSlice(in, c, c)));
            };
            v[n.id()] = out.rename(valueName(n.id()));
        }

        int pixels = height * width;
        int p = parameters(mixture, channels);
        SDVariable params = v[graph.output().id()].reshape(-1, pixels, p);               // [B, D, P]
        SDVariable logp;
        SDVariable samples = channels == 1 ? x.reshape(-1, pixels) : null;              // [B, D]
        if (channels == 3) {
            logp = LogisticMixtureLoss.coupledRgb(sd, x.reshape(-1, pixels, 3), params, mixture);
        } else if (mixture == 0) {
            logp = LogisticMixtureLoss.softmax(sd, samples, params);
        } else {
            int k = mixture;
            logp = LogisticMixtureLoss.logistic(sd, samples, lastAxisSlice(params, pixels, 0, k),
                    lastAxisSlice(params, pixels, k, k), lastAxisSlice(params, pixels, 2 * k, k), k);
        }
        logp = logp.rename(LOG_PROB);
        sd.setLossVariables(logp.sum(1).mean(0).neg().rename(LOSS));
    }

    /** Zero padding of an NHWC map: rows on top and bottom, columns on left and right. */
    private SDVariable pad(SDVariable in, int top, int bottom, int left, int right) {
        if (top == 0 && bottom == 0 && left == 0 && right == 0) {
            return in;
        }
        INDArray paddings = Nd4j.createFromArray(new int[][] {{0, 0}, {top, bottom}, {left, right}, {0, 0}});
        return sd.nn().pad(in, sd.constant(paddings), PadMode.CONSTANT, 0.0);
    }

    /**
     * A convolution as one matrix product over all pixels: the input positions of the kernel's
     * entries, read from the zero-padded map by slicing, side by side in the channel axis
     * ([B, H, W, entries * cin], im2col), times the kernel as [entries * cin, cout]. On the CPU
     * this trains about 2.5 times faster than ND4J's conv2d, whose backward pass dominates a step.
     * A masked kernel (first multiplied by its mask) uses only the entries up to its centre in
     * raster order, a prefix of its rows: 5 of 9 for a 3x3 mask-B kernel.
     */
    private SDVariable conv(Node n, SDVariable in, Map<String, INDArray> weights) {
        int fh = n.fh();
        int fw = n.fw();
        int cin = graph.node(n.inputs()[0]).channels();
        int cout = n.channels();
        int top = n.kind().top(fh);
        int left = n.kind().left(fw);
        SDVariable w = sd.var(n.weightName(), weights.get(n.weightName()));               // [fh, fw, cin, cout]
        SDVariable b = sd.var(n.biasName(), weights.get(n.biasName()));                   // [cout]
        int entries = fh * fw;
        if (masked(n.kind())) {
            w = w.mul(sd.constant(maskName(n), mask(n, cin)));
            entries = Math.max(1, usedEntries(n));                  // a 1x1 mask-A kernel keeps its (zero) centre
        }
        SDVariable kernel = w.reshape(fh * fw * cin, cout);
        if (entries < fh * fw) {
            kernel = sd.slice(kernel, new int[] {0, 0}, entries * cin, cout);             // [entries * cin, cout]
        }
        int lastRow = (entries - 1) / fw;
        int lastColumn = entries >= fw ? fw - 1 : entries - 1;
        SDVariable padded = pad(in, top, lastRow - top, left, lastColumn - left);
        SDVariable[] taps = new SDVariable[entries];
        for (int e = 0; e < entries; e++) {
            int i = e / fw;
            int j = e % fw;
            taps[e] = entries == 1 && padded == in ? in
                    : sd.slice(padded, new int[] {0, i, j, 0}, -1, height, width, cin); // reads (y + i - top, x + j - left)
        }
        if (entries == 1) {
            SDVariable out = taps[0].reshape(-1, cin).mmul(kernel).add(b);               // [B*H*W, cout]
            return out.reshape(-1, height, width, cout);
        }
        // The bias joins the product as a last kernel row against a column of ones: cheaper than
        // a broadcast add, whose gradient is a slow reduction over all pixels.
        SDVariable[] columns = Arrays.copyOf(taps, entries + 1);
        columns[entries] = ones;
        SDVariable k = sd.concat(0, kernel, b.reshape(1, cout));                         // [entries * cin + 1, cout]
        SDVariable out = sd.concat(3, columns).reshape(-1, entries * cin + 1).mmul(k);   // [B*H*W, cout]
        return out.reshape(-1, height, width, cout);
    }

    /** How many kernel entries, in raster order from the first, a convolution uses. */
    static int usedEntries(Node n) {
        int used = 0;
        for (int e = 0; e < n.fh() * n.fw(); e++) {
            if (n.kind().uses(n.fh(), n.fw(), e / n.fw(), e % n.fw())) {
                used = e + 1;
            }
        }
        return used;
    }

    /** Channels [from, from + count) of an NHWC map. */
    private SDVariable channelSlice(SDVariable in, int from, int count) {
        return sd.slice(in, new int[] {0, 0, 0, from}, -1, height, width, count);
    }

    /** Entries [from, from + count) of the last axis of a [B, D, P] array. */
    private SDVariable lastAxisSlice(SDVariable in, int pixels, int from, int count) {
        return sd.slice(in, new int[] {0, 0, from}, -1, pixels, count);
    }

    /**
     * Initial weights, seeded: He-normal ({@code sqrt(2 / fan-in)}, counting only a kernel's used
     * entries) for every convolution, except that the last convolution of a residual branch (one
     * that feeds, directly or through a gate, an ADD whose other input lies upstream of it) starts
     * at {@link #RESIDUAL_GAIN} of that, and the output layer at {@link #OUTPUT_GAIN} of
     * {@code sqrt(1 / fan-in)}. Biases are 0, except the mixture head's: means spread over
     * [-0.8, 0.8] and log-scales -2 (for every channel of an RGB head), as for MADE and NADE.
     */
    static Map<String, INDArray> initialWeights(ConvGraph graph, int mixture, long seed) {
        Random random = new Random(seed * 31 + 13);
        BitSet residual = residualBranchEnds(graph);
        Map<String, INDArray> w = new LinkedHashMap<>();
        int outputId = graph.output().id();
        for (Node n : graph.nodes()) {
            if (n.op() != Op.CONV) {
                continue;
            }
            int cin = graph.node(n.inputs()[0]).channels();
            int used = 0;
            for (int i = 0; i < n.fh(); i++) {
                for (int j = 0; j < n.fw(); j++) {
                    used += n.kind().uses(n.fh(), n.fw(), i, j) ? 1 : 0;
                }
            }
            double fanIn = (double) used * cin;
            double std = n.id() == outputId ? OUTPUT_GAIN * Math.sqrt(1 / fanIn)
                    : Math.sqrt(2 / fanIn) * (residual.get(n.id()) ? RESIDUAL_GAIN : 1);
            INDArray kernel = gaussian(random, new long[] {n.fh(), n.fw(), cin, n.channels()}, std);
            if (masked(n.kind())) {
                kernel.muli(mask(n, cin));
            }
            w.put(n.weightName(), kernel);
            float[] bias = new float[n.channels()];
            if (n.id() == outputId && mixture > 0) {
                // Blocks (mean, log-scale) at 1, 2 and, for RGB, at 3, 4 and 5, 6 (CoupledMixture).
                int pairs = graph.imageChannels() == 3 ? 3 : 1;
                for (int pair = 0; pair < pairs; pair++) {
                    for (int k = 0; k < mixture; k++) {
                        bias[(1 + 2 * pair) * mixture + k] = mixture == 1 ? 0f : (float) (-0.8 + 1.6 * k / (mixture - 1));
                        bias[(2 + 2 * pair) * mixture + k] = -2f;
                    }
                }
            }
            w.put(n.biasName(), Nd4j.create(bias, new long[] {n.channels()}, 'c'));
        }
        return w;
    }

    /**
     * Convolutions that end a residual branch: each feeds an ADD, directly or through a gate, and
     * another input of that ADD is upstream of the convolution (the skip connection).
     */
    static BitSet residualBranchEnds(ConvGraph graph) {
        List<Node> nodes = graph.nodes();
        BitSet[] upstream = new BitSet[nodes.size()];
        for (Node n : nodes) {
            upstream[n.id()] = new BitSet();
            for (int i : n.inputs()) {
                upstream[n.id()].or(upstream[i]);
                upstream[n.id()].set(i);
            }
        }
        BitSet ends = new BitSet();
        for (Node n : nodes) {
            if (n.op() != Op.ADD) {
                continue;
            }
            for (int branch : n.inputs()) {
                int conv = branch;
                Op op = nodes.get(conv).op();
                if (op == Op.SIGMOID_GATE || op == Op.TANH_SIGMOID_GATE) {
                    conv = nodes.get(conv).inputs()[0];
                }
                if (nodes.get(conv).op() != Op.CONV) {
                    continue;
                }
                for (int skip : n.inputs()) {
                    if (skip != branch && upstream[conv].get(skip)) {
                        ends.set(conv);
                    }
                }
            }
        }
        return ends;
    }

    private static INDArray gaussian(Random random, long[] shape, double std) {
        long count = 1;
        for (long s : shape) {
            count *= s;
        }
        float[] values = new float[Math.toIntExact(count)];
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(values, shape, 'c');
    }

    /** A convolution's kernel as trained, with masked entries +0, [fh, fw, cin, cout] row-major. */
    float[] kernel(Node n) {
        float[] w = sd.getVariable(n.weightName()).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat();
        if (masked(n.kind())) {
            int perEntry = w.length / (n.fh() * n.fw());
            for (int k = 0; k < w.length; k++) {
                int entry = k / perEntry;
                if (!n.kind().uses(n.fh(), n.fw(), entry / n.fw(), entry % n.fw())) {
                    w[k] = 0f;
                }
            }
        }
        return w;
    }

    /** The current weights as a weight file with the architecture meta keys (docs/WEIGHTS.md). */
    WeightFile.Builder export() {
        if (architecture == null) {
            throw new IllegalStateException("a graph built by hand has no architecture to name in a weight file");
        }
        WeightFile.Builder b = WeightFile.builder()
                .meta("arch", ARCH)
                .meta("graph", architecture.label())
                .meta("channels", Integer.toString(channels))
                .meta("features", Integer.toString(features))
                .meta("depth", Integer.toString(depth))
                .meta("output", outputLabel());
        for (Node n : graph.nodes()) {
            if (n.op() == Op.CONV) {
                int cin = graph.node(n.inputs()[0]).channels();
                b.floats(n.weightName(), new int[] {n.fh(), n.fw(), cin, n.channels()}, kernel(n));
                b.floats(n.biasName(), new int[] {n.channels()},
                        sd.getVariable(n.biasName()).getArr().castTo(DataType.FLOAT).dup('c').data().asFloat());
            }
        }
        return b;
    }
}
