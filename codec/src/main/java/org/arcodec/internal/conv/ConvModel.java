package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.conv.ConvGraph.Reach;
import org.arcodec.internal.nn.LogisticMixture;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.nn.PixelScale;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * A fully convolutional autoregressive network ({@link ConvGraph}: PixelCNN, Gated PixelCNN,
 * PixelCNN++) for 8-bit images of any size. Pixels are coded in raster order, the C samples of a
 * pixel in channel order; the network's output at a pixel gives the head's P parameters, and the
 * head the distributions of the pixel's samples. docs/CONVNETS.md defines every op in float32
 * and the order of every addition, which encoder and decoder must share bit for bit.
 *
 * <p>Each activation is computed once: a stream walks the graph's {@link Reach} classes row by
 * row, and keeps per node only the rows its consumers still read ({@link ActivationPlan}), so a
 * stream's memory grows with the width and not the area. The encoder's batch path is the
 * sequential path (the default {@link ConditionalStream#forEachConditional}), so both run the
 * same arithmetic.
 *
 * <p>Two cores: the whole-row work that row y + 1 needs (the ROW nodes of row y, the ROWS_ABOVE
 * nodes and upper rows of row y + 1) runs on a helper task of the common fork-join pool while the
 * calling thread codes row y pixel by pixel, column by column behind it ({@link RowPipeline}).
 * Every position's value is computed by the same code from the same inputs whichever thread runs
 * it, so the results, and the files, do not depend on the thread count. Images narrower than
 * {@link #PARALLEL_MIN_WIDTH} are computed on one thread; {@code -Darcodec.threads=1} keeps
 * everything on the caller's.
 *
 * <p>The model is immutable and may be shared; a stream must be driven by one thread at a time.
 * Nothing is allocated per pixel.
 */
public final class ConvModel implements AutoregressiveModel {
    /** Most bytes of activations a stream may hold; wider images are refused (docs/CONVNETS.md). */
    static final long MAX_STREAM_BYTES = 1L << 30;
    /** Images narrower than this run on one thread. */
    static final int PARALLEL_MIN_COLUMNS = 32;
    static final int PARALLEL_MIN_WIDTH = 2 * PARALLEL_MIN_COLUMNS;
    /** Columns a row pass hands the kernel at once ({@link ConvKernel#runColumns}). */
    static final int COLUMN_BLOCK = 4;
    /** System property: the most threads a stream's row passes use (default: available processors). */
    public static final String THREADS_PROPERTY = "arcodec.threads";
    /** Sample values of the 8-bit images these models code. */
    private static final int VALUES = OutputHead.VALUES;
    /**
     * What each variant ({@link #variants}) of a logistic-mixture head adds to every log-scale
     * parameter: variant v widens every logistic by exp(offset). Variant 0 is the model as trained.
     */
    static final double[] LOG_SCALE_OFFSETS = {0, 0.25, 0.5, 0.75, -0.25, -0.5, -0.125, 0.125, 0.375, -0.375};
    /**
     * Variants {@code LOG_SCALE_OFFSETS.length + i} learn a log-scale offset per image channel at
     * rate {@code LEARNING_RATES[i]}, and from {@link #FIRST_MEAN_LEARNING} on a mean offset per
     * channel too ({@link HeadOffsets#learnt}).
     */
    static final double[] LEARNING_RATES = {0.03, 0.1, 0.03, 0.1};
    static final int FIRST_MEAN_LEARNING = LOG_SCALE_OFFSETS.length + 2;
    /**
     * Variants {@link #FIRST_ADAPTER} + i learn a correction of the output layer at rate
     * {@code ADAPTER_RATES[i]} ({@link HeadAdapter}), beside offsets learnt at variant
     * {@link #FIRST_MEAN_LEARNING}'s rates, but once per pixel from the gradient of the pixel's
     * code length ({@link HeadOffsets#learnFromPixel}).
     */
    static final double[] ADAPTER_RATES = {3e-6, 1e-5, 3e-6, 1e-5};
    static final int FIRST_ADAPTER = LOG_SCALE_OFFSETS.length + LEARNING_RATES.length;
    /**
     * From this variant on, the means and log-scales also get a {@link ResidualCorrection}, learnt
     * at the variant's adapter rate.
     */
    static final int FIRST_RESIDUAL_CORRECTION = FIRST_ADAPTER + 2;
    /** {@code (float) (v / 127.5 - 1)}: the input node's value of sample v. */
    private static final float[] SCALED = new float[VALUES];

    static {
        for (int v = 0; v < VALUES; v++) {
            SCALED[v] = (float) PixelScale.of(v);
        }
    }

    private final String name;
    private final byte[] sha256;
    private final int imageChannels;       // C
    private final int params;              // P
    private final OutputHead head;         // C = 1
    private final CoupledMixture coupled;  // C = 3
    private final int output;
    /** The node the output layer reads: the features a {@link HeadAdapter} corrects from. */
    private final int features;
    /** Indices of the head's log-scale parameters, channel by channel; none for a softmax head. */
    private final int[] logScales;
    /** Indices of the head's means, the same way. */
    private final int[] means;
    // By node id:
    private final Op[] ops;
    private final int[][] inputs;
    private final int[] channels;
    /** CONV: row {@code t * cin + c} holds the cout weights of used entry t (ConvTaps order) and input channel c. */
    private final float[][][] kernels;
    private final float[][] biases;        // CONV: [cout]
    private final int[][] taps;            // CONV: ConvTaps
    private final int widestConv;          // most output channels of a CONV
    private final int mostTaps;            // most used kernel entries of a CONV
    private final int[] leftmostTap;       // CONV: -(smallest dx), at least 0
    private final int[] rightmostTap;      // CONV: largest dx, at least 0
    private final ConvKernel kernel;
    // The schedule: node ids of each reach, in node order.
    private final int[] rowsAbove;
    private final int[] before;
    private final int[] upTo;
    private final int[] rowEnd;
    /** Per-pixel convolutions whose taps on rows above phase a sums ({@link ActivationPlan#upperTaps}). */
    private final int[] upperNodes;
    private final ActivationPlan plan;
    /** The plan of a stream with a {@link RowPipeline}. */
    private final ActivationPlan pipelinedPlan;
    private final PipelineItems pipelineItems;

    /**
     * The P parameters per pixel of a head for C image channels: the head's own for C = 1, and
     * 10K for a K-component mixture over RGB pixels ({@link CoupledMixture}).
     *
     * @throws IllegalArgumentException for C other than 1 or 3, or a softmax for C = 3
     */
    /**
     * Whether this model codes with {@link LogisticMixture.Edges} (format version 2) rather than
     * with whole tables: true for a logistic-mixture head, false for a softmax.
     */
    public boolean codesMixtureEdges() {
        return head instanceof LogisticMixture;
    }

    public static int headParameters(int imageChannels, OutputHead head) {
        if (imageChannels == 1) {
            return head.parameters();
        }
        if (imageChannels != 3) {
            throw new IllegalArgumentException("convolutional models code 1 or 3 channels, not " + imageChannels);
        }
        if (!(head instanceof LogisticMixture mixture)) {
            throw new IllegalArgumentException("output " + head.spec() + " codes one sample per pixel; 3 channels need "
                    + "logistic_mixture:K");
        }
        return CoupledMixture.BLOCKS * mixture.components();
    }

    /**
     * Builds the model from its graph and tensors, which the caller has checked for shape and
     * finiteness: {@code weights[id]} and {@code biases[id]} are tensors {@code n<id>.w} and
     * {@code n<id>.b} of each CONV node, null for the other nodes. The weights are copied into
     * rows per used kernel entry and input channel; masked entries are dropped.
     */
    public ConvModel(String name, byte[] sha256, ConvGraph graph, OutputHead head, float[][] weights, float[][] biases) {
        this.name = name;
        this.sha256 = sha256.clone();
        this.imageChannels = graph.imageChannels();
        this.params = headParameters(imageChannels, head);
        this.head = head;
        this.coupled = imageChannels == 1 ? null : new CoupledMixture((LogisticMixture) head);
        if (coupled != null) {
            this.logScales = coupled.logScaleParameters();
            this.means = coupled.meanParameters();
        } else if (head instanceof LogisticMixture mixture) {
            int k = mixture.components();
            this.logScales = IntStream.range(2 * k, 3 * k).toArray();  // [K logits][K means][K log-scales]
            this.means = IntStream.range(k, 2 * k).toArray();
        } else {
            this.logScales = new int[0];
            this.means = new int[0];
        }
        List<Node> nodes = graph.nodes();
        int count = nodes.size();
        this.output = count - 1;
        this.features = nodes.get(output).inputs()[0];
        if (graph.output().channels() != params || weights.length != count || biases.length != count) {
            throw new IllegalArgumentException("inconsistent convolutional model: " + count + " nodes, output of "
                    + graph.output().channels() + " channels for " + params + " head parameters");
        }
        ops = new Op[count];
        inputs = new int[count][];
        channels = new int[count];
        taps = new int[count][];
        kernels = new float[count][][];
        int widest = 0;
        int mostUsed = 0;
        int[] leftmost = new int[count];
        int[] rightmost = new int[count];
        for (Node n : nodes) {
            int id = n.id();
            ops[id] = n.op();
            inputs[id] = n.inputs().clone();
            channels[id] = n.channels();
            if (n.op() == Op.CONV) {
                int cin = nodes.get(n.inputs()[0]).channels();
                int cout = n.channels();
                if (weights[id].length != n.fh() * n.fw() * cin * cout || biases[id].length != cout) {
                    throw new IllegalArgumentException("inconsistent tensors of node " + id);
                }
                taps[id] = ConvTaps.of(n);
                int used = taps[id].length / ConvTaps.STRIDE;
                kernels[id] = new float[used * cin][];
                for (int t = 0; t < used; t++) {
                    int entry = taps[id][t * ConvTaps.STRIDE + ConvTaps.ENTRY];
                    for (int c = 0; c < cin; c++) {
                        int from = (entry * cin + c) * cout;
                        kernels[id][t * cin + c] = Arrays.copyOfRange(weights[id], from, from + cout);
                    }
                }
                widest = Math.max(widest, cout);
                mostUsed = Math.max(mostUsed, used);
                for (int k = 0; k < taps[id].length; k += ConvTaps.STRIDE) {
                    leftmost[id] = Math.max(leftmost[id], -taps[id][k + ConvTaps.DX]);
                    rightmost[id] = Math.max(rightmost[id], taps[id][k + ConvTaps.DX]);
                }
            }
        }
        this.biases = biases;
        this.widestConv = widest;
        this.mostTaps = mostUsed;
        this.leftmostTap = leftmost;
        this.rightmostTap = rightmost;
        this.kernel = ConvKernel.select();
        plan = ActivationPlan.of(graph);
        rowsAbove = ids(nodes, Reach.ROWS_ABOVE);
        before = ids(nodes, Reach.BEFORE);
        upTo = ids(nodes, Reach.UP_TO);
        rowEnd = ids(nodes, Reach.ROW);
        pipelinedPlan = ActivationPlan.of(graph, true);
        pipelineItems = PipelineItems.of(graph, plan);
        upperNodes = Arrays.copyOfRange(pipelineItems.nodes(), pipelineItems.upperRows(), pipelineItems.nodes().length);
    }

    /** Threads a new stream's row passes use: {@value #THREADS_PROPERTY}, else every processor. */
    static int threads() {
        int requested = Integer.getInteger(THREADS_PROPERTY, Runtime.getRuntime().availableProcessors());
        return Math.max(1, Math.min(requested, ForkJoinPool.getCommonPoolParallelism() + 1));
    }

    /** Whether a stream of this width on this many threads prepares rows on a helper ({@link RowPipeline}). */
    private static boolean pipelined(int width, int threads) {
        return threads > 1 && width >= PARALLEL_MIN_WIDTH;
    }

    private ActivationPlan planFor(int width, int threads) {
        return pipelined(width, threads) ? pipelinedPlan : plan;
    }

    private static int[] ids(List<Node> nodes, Reach reach) {
        return nodes.stream().filter(n -> n.reach() == reach).mapToInt(Node::id).toArray();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] weightsSha256() {
        return sha256.clone();
    }

    @Override
    public String unsupportedReason(SampleLayout requested) {
        if (requested.channels() != imageChannels || requested.alphabetSize() != VALUES) {
            return "model " + name + " codes only images with " + imageChannels + " channel"
                    + (imageChannels == 1 ? "" : "s") + " of " + VALUES + " values, not " + requested.width() + "x"
                    + requested.height() + " images with " + requested.channels() + " channel"
                    + (requested.channels() == 1 ? "" : "s") + " of " + requested.alphabetSize() + " values";
        }
        // The pipelined plan holds more, so the limit does not depend on the thread count.
        long bytes = pipelinedPlan.bytes(requested.width());
        if (bytes > MAX_STREAM_BYTES) {
            return "model " + name + " would need " + (bytes >> 20) + " MiB of activations for images "
                    + requested.width() + " pixels wide, more than its limit of " + (MAX_STREAM_BYTES >> 20) + " MiB";
        }
        return null;
    }

    @Override
    public ConditionalStream open(SampleLayout requested) {
        return open(requested, 0);
    }

    /**
     * For a logistic-mixture head, the fixed offsets' variants, then the learnt offsets', then
     * the learnt output layer's; else 1.
     */
    @Override
    public int variants() {
        return logScales.length == 0 ? 1 : FIRST_ADAPTER + ADAPTER_RATES.length;
    }

    /** The head offsets of a new stream of {@code variant}. */
    private HeadOffsets offsets(int variant) {
        int perChannel = logScales.length / imageChannels;
        if (variant < LOG_SCALE_OFFSETS.length) {
            return HeadOffsets.fixed(imageChannels, perChannel, LOG_SCALE_OFFSETS[variant]);
        }
        int learning = variant < FIRST_ADAPTER ? variant : FIRST_MEAN_LEARNING;
        return HeadOffsets.learnt(imageChannels, perChannel, LEARNING_RATES[learning - LOG_SCALE_OFFSETS.length],
                learning >= FIRST_MEAN_LEARNING);
    }

    /** The output-layer correction of a new stream of {@code variant}; null for the variants without one. */
    private HeadAdapter adapter(int variant) {
        if (variant < FIRST_ADAPTER) {
            return null;
        }
        PixelGradient gradient = new PixelGradient(((LogisticMixture) head).components(), imageChannels);
        // RGB: the logits, means and log-scales, not the coefficients (docs/CONVNETS.md).
        int adapted = coupled == null ? params : coupled.parametersBeforeCoefficients();
        return new HeadAdapter(adapted, channels[features], gradient, ADAPTER_RATES[variant - FIRST_ADAPTER]);
    }

    /** The neighbour-residual correction of a new stream of {@code variant} and {@code width}; null for the variants without one. */
    private ResidualCorrection residualCorrection(int variant, int width) {
        if (variant < FIRST_RESIDUAL_CORRECTION) {
            return null;
        }
        return new ResidualCorrection(means, logScales, imageChannels, width, ADAPTER_RATES[variant - FIRST_ADAPTER]);
    }

    @Override
    public ConditionalStream open(SampleLayout requested, int variant) {
        if (variant < 0 || variant >= variants()) {
            throw new IllegalArgumentException("model " + name + " has variants 0 to " + (variants() - 1) + ", not "
                    + variant);
        }
        String reason = unsupportedReason(requested);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return new Stream(requested.width(), requested.height(), threads(), variant);
    }

    /**
     * The activations of one image. Pixel (y, x) is coded in three steps: the BEFORE nodes at
     * (y, x), which give the head its parameters; the C conditionals, one per {@link #next}; and
     * once the last sample is observed, the UP_TO nodes at (y, x). ROWS_ABOVE nodes run for a
     * whole row before its first pixel, ROW nodes after its last.
     */
    final class Stream implements ConditionalStream {
        private final int width;
        private final int height;
        /** By node: its buffer (pooled nodes share one) and layout in it. */
        private final float[][] data;
        private final int[] ringRows;   // 0: one pixel
        private final int[] rowLength;  // width * channels
        private final double[] headParams = new double[params];
        private final double[] table = new double[VALUES];
        private final double[] scratch = new double[coupled == null ? 0 : coupled.scratchSize()];
        /** The coded form of a logistic-mixture head; null for a softmax head, which codes its table. */
        private final LogisticMixture.Edges edges = head instanceof LogisticMixture m ? m.edges() : null;
        private final int[] pixel = new int[imageChannels];
        /** A convolution's scratch for one position: the caller's, and the pipeline helper's. */
        private final ConvScratch[] work;
        /** Prepares row y + 1 while row y is coded; null on one thread. */
        private final RowPipeline pipeline;
        /**
         * By node: the sums of its taps on rows above at each column of rows y and y + 1 (row r
         * at (r mod 2) * width), for {@link #upperNodes}; else null.
         */
        private final float[][] upper;
        private final int variant;
        /** What this stream's variant adds to the head's parameters. */
        private final HeadOffsets offsets;
        /** The output-layer correction this stream's variant learns; null for the other variants. */
        private final HeadAdapter adapter;
        /** The neighbour-residual correction this stream's variant learns; null for the other variants. */
        private final ResidualCorrection residualCorrection;
        private int y;
        private int x;
        private int channel;
        private boolean awaitingValue;

        /** A stream whose row passes use up to {@code threads} threads (the caller's included). */
        Stream(int width, int height, int threads) {
            this(width, height, threads, 0);
        }

        Stream(int width, int height, int threads, int variant) {
            this.variant = variant;
            this.offsets = offsets(variant);
            this.adapter = adapter(variant);
            this.residualCorrection = residualCorrection(variant, width);
            this.width = width;
            this.height = height;
            boolean pipelined = pipelined(width, threads);
            ActivationPlan plan = planFor(width, threads);
            this.work = new ConvScratch[pipelined ? 2 : 1];
            for (int task = 0; task < work.length; task++) {
                work[task] = new ConvScratch(COLUMN_BLOCK * widestConv, mostTaps);
            }
            this.pipeline = pipelined
                    ? new RowPipeline(pipelineItems.rowOffset(), pipelineItems.reads(), this::pipelineColumns, width)
                    : null;
            float[][] buffers = new float[plan.buffers()][];
            for (int b = 0; b < buffers.length; b++) {
                buffers[b] = new float[Math.toIntExact(plan.bufferFloats(b, width))];
            }
            int count = ops.length;
            data = new float[count][];
            ringRows = new int[count];
            rowLength = new int[count];
            for (int n = 0; n < count; n++) {
                data[n] = buffers[plan.buffer(n)];
                ringRows[n] = plan.rows(n);
                rowLength[n] = width * channels[n];
            }
            upper = new float[count][];
            for (int n : upperNodes) {
                upper[n] = new float[ActivationPlan.UPPER_ROWS * width * channels[n]];
            }
        }

        /** Bytes of activation buffers this stream holds. */
        long bufferBytes() {
            Set<float[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            distinct.addAll(Arrays.asList(data));
            Arrays.stream(upper).filter(row -> row != null).forEach(distinct::add);
            return 4 * distinct.stream().mapToLong(buffer -> buffer.length).sum();
        }

        /** The head parameters of the pixel being coded, as the output node gave them. */
        double[] headParameters() {
            return headParams.clone();
        }

        @Override
        public int next(QuantizedCdf cdf) {
            if (awaitingValue || y >= height) {
                throw new IllegalStateException(awaitingValue ? "observe the previous sample first"
                        : "all " + (long) width * height * imageChannels + " samples are coded");
            }
            if (channel == 0) {
                if (x == 0) {
                    if (pipeline == null) {
                        computeRow(rowsAbove, true, y);
                    } else {
                        if (y == 0) {
                            pipeline.prepareFirstRow();
                        }
                        pipeline.startRow(y, y + 1 < height);
                    }
                }
                for (int n : before) {
                    compute(n, y, x, work[0]);
                }
                float[] out = data[output];
                int o = offset(output, y, x);
                for (int p = 0; p < params; p++) {
                    headParams[p] = out[o + p];
                }
                if (adapter != null) {
                    adapter.shift(headParams, data[features], offset(features, y, x));
                }
                if (residualCorrection != null) {
                    residualCorrection.shift(headParams, y, x);
                }
                offsets.shift(headParams, logScales, means);
            }
            setConditional(headParams, scratch, edges, cdf);
            awaitingValue = true;
            return (y * width + x) * imageChannels + channel;
        }

        /** The distribution of the current sample under head parameters {@code p}. */
        private void setConditional(double[] p, double[] scratch, LogisticMixture.Edges edges, QuantizedCdf cdf) {
            if (coupled != null) {
                cdf.setFromEdges(coupled.edges(channel, p, pixel, scratch, edges), VALUES);
            } else if (edges != null) {
                cdf.setFromEdges(edges.set(p, 0), VALUES);
            } else {
                head.probabilities(p, 0, table);
                cdf.setFromProbabilities(table, VALUES);
            }
        }

        /**
         * Every variant's conditionals from one pass of the network: variant v's head
         * parameters are variant 0's with its {@link HeadAdapter} correction and then its
         * {@link HeadOffsets} added, exactly as a stream of variant v adds them to the network's
         * output, and both learn as such a stream's do: the offsets from each sample, or with a
         * correction from each pixel.
         */
        @Override
        public void forEachConditional(byte[] samples, QuantizedCdf[] cdfs, VariantStep step) {
            int variants = cdfs.length;
            if (variants > variants() || (variants > 1 && variant != 0)) {
                throw new UnsupportedOperationException("a stream of variant 0 of " + name + " computes up to "
                        + variants() + " variants, not " + variants);
            }
            double[][] shifted = new double[variants][params];
            double[][] scratches = new double[variants][scratch.length];
            LogisticMixture.Edges[] variantEdges = new LogisticMixture.Edges[variants];
            HeadOffsets[] variantOffsets = new HeadOffsets[variants];
            HeadAdapter[] adapters = new HeadAdapter[variants];
            ResidualCorrection[] residualCorrections = new ResidualCorrection[variants];
            for (int v = 1; v < variants; v++) {
                variantEdges[v] = ((LogisticMixture) head).edges();
                variantOffsets[v] = offsets(v);
                adapters[v] = adapter(v);
                residualCorrections[v] = residualCorrection(v, width);
            }
            int[] values = new int[imageChannels];
            for (int i = 0; i < samples.length; i++) {
                int index = next(cdfs[0]);
                for (int v = 1; v < variants; v++) {
                    if (cdfs[v] == null) {
                        continue;   // a variant the caller no longer wants
                    }
                    if (channel == 0) {
                        System.arraycopy(headParams, 0, shifted[v], 0, params);
                        if (adapters[v] != null) {
                            adapters[v].shift(shifted[v], data[features], offset(features, y, x));
                        }
                        if (residualCorrections[v] != null) {
                            residualCorrections[v].shift(shifted[v], y, x);
                        }
                        variantOffsets[v].shift(shifted[v], logScales, means);
                    }
                    setConditional(shifted[v], scratches[v], variantEdges[v], cdfs[v]);
                }
                step.accept(index, cdfs);
                int value = samples[index] & 0xFF;
                values[channel] = value;
                boolean lastOfPixel = channel == imageChannels - 1;
                for (int v = 1; v < variants; v++) {
                    if (cdfs[v] != null) {
                        if (adapters[v] == null) {
                            variantOffsets[v].learn(channel, variantEdges[v], value);
                        } else if (lastOfPixel) {
                            adapters[v].learn(shifted[v], values, coupled, scratches[v]);
                            if (residualCorrections[v] != null) {
                                residualCorrections[v].learn(shifted[v], values, adapters[v].pixelGradient(), y, x);
                            }
                            variantOffsets[v].learnFromPixel(adapters[v].pixelGradient().gradient(), logScales, means);
                        }
                    }
                }
                observe(value);
            }
        }

        @Override
        public void observe(int value) {
            if (!awaitingValue) {
                throw new IllegalStateException("observe without next");
            }
            if (value < 0 || value >= VALUES) {
                throw new IllegalArgumentException("sample value " + value + " is not in 0..255");
            }
            if (offsets.learns() && adapter == null) {
                offsets.learn(channel, edges, value);
            }
            pixel[channel] = value;
            awaitingValue = false;
            if (++channel < imageChannels) {
                return;
            }
            if (adapter != null) {
                adapter.learn(headParams, pixel, coupled, scratch);
                if (residualCorrection != null) {
                    residualCorrection.learn(headParams, pixel, adapter.pixelGradient(), y, x);
                }
                offsets.learnFromPixel(adapter.pixelGradient().gradient(), logScales, means);
            }
            channel = 0;
            for (int n : upTo) {
                compute(n, y, x, work[0]);
            }
            if (pipeline != null && y + 1 < height) {
                pipeline.coded(x);
            }
            if (++x == width) {
                if (pipeline == null && y + 1 < height) {
                    computeRow(rowEnd, false, y);
                }
                x = 0;
                y++;
            }
        }

        /** Every column of each node of a pass on this thread, and with {@code upperRows} the upper rows. */
        private void computeRow(int[] nodes, boolean upperRows, int row) {
            for (int n : nodes) {
                computeColumns(n, row, 0, width, work[0]);
            }
            if (upperRows) {
                for (int n : upperNodes) {
                    upperColumns(n, row, 0, width, work[0]);
                }
            }
        }

        /** {@link RowPipeline.Columns}: a node's columns, or an upper row's. */
        private void pipelineColumns(int item, int row, int from, int to, int worker) {
            int n = pipelineItems.nodes()[item];
            if (item < pipelineItems.upperRows()) {
                computeColumns(n, row, from, to, work[worker]);
            } else {
                upperColumns(n, row, from, to, work[worker]);
            }
        }

        /** Columns from..to-1 of the upper row of node n at row {@code row}. */
        private void upperColumns(int n, int row, int from, int to, ConvScratch scratch) {
            int first = Math.min(to, Math.max(from, leftmostTap[n]));
            int last = Math.min(to, width - rightmostTap[n]);  // exclusive
            int col = from;
            for (; col < first; col++) {
                upperSums(n, row, col, 1, scratch);
            }
            for (; col + COLUMN_BLOCK <= last; col += COLUMN_BLOCK) {
                upperSums(n, row, col, COLUMN_BLOCK, scratch);
            }
            for (; col < to; col++) {
                upperSums(n, row, col, 1, scratch);
            }
        }

        /**
         * The sums of node n's taps on rows above, in tap order from its bias, at {@code columns}
         * columns from col: one, or {@link #COLUMN_BLOCK} with every tap's column inside the image.
         */
        private void upperSums(int n, int row, int col, int columns, ConvScratch scratch) {
            int cout = channels[n];
            int in = inputs[n][0];
            int cin = channels[in];
            int inside = insideTaps(n, row, col, 0, plan.upperTaps(n), columns == 1, scratch);
            if (columns == 1) {
                kernel.run(biases[n], kernels[n], scratch.rows, data[in], scratch.offsets, inside, cin, cout, scratch.sum);
            } else {
                kernel.runColumns(biases[n], kernels[n], scratch.rows, data[in], scratch.offsets, inside, cin, cout, cin,
                        columns, scratch.sum);
            }
            System.arraycopy(scratch.sum, 0, upper[n], ((row & 1) * width + col) * cout, columns * cout);
        }

        /**
         * Columns from..to-1 of node n. Convolutions run {@link #COLUMN_BLOCK} columns at a time
         * wherever all their taps are inside the image, which gives each column the same bits.
         */
        private void computeColumns(int n, int row, int from, int to, ConvScratch scratch) {
            int col = from;
            if (ops[n] == Op.CONV && ringRows[n] != 0 && ringRows[inputs[n][0]] != 0) {
                int first = Math.min(to, Math.max(from, leftmostTap[n]));
                int last = Math.min(to, width - rightmostTap[n]);  // exclusive
                for (; col < first; col++) {
                    compute(n, row, col, scratch);
                }
                for (; col + COLUMN_BLOCK <= last; col += COLUMN_BLOCK) {
                    convColumns(n, row, col, scratch);
                }
            }
            for (; col < to; col++) {
                compute(n, row, col, scratch);
            }
        }

        /** Conv node n at columns col..col+COLUMN_BLOCK-1 of a row, every tap's column inside the image. */
        private void convColumns(int n, int row, int col, ConvScratch scratch) {
            int cout = channels[n];
            int in = inputs[n][0];
            int cin = channels[in];
            int inside = insideTaps(n, row, col, 0, taps[n].length / ConvTaps.STRIDE, false, scratch);
            kernel.runColumns(biases[n], kernels[n], scratch.rows, data[in], scratch.offsets, inside, cin, cout, cin,
                    COLUMN_BLOCK, scratch.sum);
            System.arraycopy(scratch.sum, 0, data[n], offset(n, row, col), COLUMN_BLOCK * cout);
        }

        /** Where node n keeps position (py, px). */
        private int offset(int n, int py, int px) {
            int rows = ringRows[n];
            return rows == 0 ? 0 : (py % rows) * rowLength[n] + px * channels[n];
        }

        /** Node n at (py, px), from inputs already computed there (docs/CONVNETS.md, "Ops"). */
        private void compute(int n, int py, int px, ConvScratch scratch) {
            float[] out = data[n];
            int o = offset(n, py, px);
            int ch = channels[n];
            int[] in = inputs[n];
            switch (ops[n]) {
                case INPUT -> {
                    for (int c = 0; c < imageChannels; c++) {
                        out[o + c] = SCALED[pixel[c]];
                    }
                    out[o + imageChannels] = 1f;
                }
                case CONV -> conv(n, py, px, out, o, scratch);
                case SHIFT_DOWN -> copyOrZero(in[0], py - 1, px, out, o, ch);
                case SHIFT_RIGHT -> copyOrZero(in[0], py, px - 1, out, o, ch);
                case ADD -> {
                    float[] a = data[in[0]];
                    int ao = offset(in[0], py, px);
                    System.arraycopy(a, ao, out, o, ch);
                    for (int i = 1; i < in.length; i++) {
                        float[] b = data[in[i]];
                        int bo = offset(in[i], py, px);
                        for (int c = 0; c < ch; c++) {
                            out[o + c] += b[bo + c];
                        }
                    }
                }
                case CONCAT -> {
                    int at = o;
                    for (int i : in) {
                        System.arraycopy(data[i], offset(i, py, px), out, at, channels[i]);
                        at += channels[i];
                    }
                }
                case CONCAT_ELU -> {
                    float[] a = data[in[0]];
                    int ao = offset(in[0], py, px);
                    int half = ch / 2;
                    kernel.concatElu(a, ao, out, o, half);
                }
                case ELU -> kernel.elu(data[in[0]], offset(in[0], py, px), out, o, ch);
                case RELU -> {
                    float[] a = data[in[0]];
                    int ao = offset(in[0], py, px);
                    for (int c = 0; c < ch; c++) {
                        float v = a[ao + c];
                        out[o + c] = v > 0 ? v : 0f;
                    }
                }
                case TANH_SIGMOID_GATE -> {
                    float[] a = data[in[0]];
                    int ao = offset(in[0], py, px);
                    for (int c = 0; c < ch; c++) {
                        out[o + c] = (float) StrictMath.tanh(a[ao + c]) * sigmoid(a[ao + ch + c]);
                    }
                }
                case SIGMOID_GATE -> {
                    int ao = offset(in[0], py, px);
                    kernel.sigmoidGate(data[in[0]], ao, ao + ch, out, o, ch);
                }
            }
        }

        /** out = input at (sy, sx), or zeros where that is outside the image. */
        private void copyOrZero(int in, int sy, int sx, float[] out, int o, int ch) {
            if (sy < 0 || sx < 0) {
                Arrays.fill(out, o, o + ch, 0f);
            } else {
                System.arraycopy(data[in], offset(in, sy, sx), out, o, ch);
            }
        }

        /**
         * out = b + sum over used entries (i, j) inside the image, then input channels c, of
         * w[i][j][c][.] * in[c] ({@link ConvKernel}).
         */
        private void conv(int n, int py, int px, float[] out, int o, ConvScratch scratch) {
            int cout = channels[n];
            int in = inputs[n][0];
            int cin = channels[in];
            // A per-pixel convolution continues from the sums of its taps on rows above.
            float[] start = biases[n];
            int skipped = 0;
            if (upper[n] != null) {
                start = scratch.start;
                System.arraycopy(upper[n], ((py & 1) * width + px) * cout, start, 0, cout);
                skipped = plan.upperTaps(n);
            }
            int inside = insideTaps(n, py, px, skipped, taps[n].length / ConvTaps.STRIDE, true, scratch);
            kernel.run(start, kernels[n], scratch.rows, data[in], scratch.offsets, inside, cin, cout, scratch.sum);
            System.arraycopy(scratch.sum, 0, out, o, cout);
        }

        /**
         * Puts conv node n's taps k, fromTap <= k < toTap (ConvTaps order), whose input position
         * (py + dy, px + dx) is inside the image into {@code scratch.rows} and {@code scratch.offsets}
         * (the column is checked only with {@code checkColumns}); returns how many.
         */
        private int insideTaps(int n, int py, int px, int fromTap, int toTap, boolean checkColumns, ConvScratch scratch) {
            int in = inputs[n][0];
            int cin = channels[in];
            int[] t = taps[n];
            int inside = 0;
            for (int tap = fromTap; tap < toTap; tap++) {
                int sy = py + t[tap * ConvTaps.STRIDE + ConvTaps.DY];
                int sx = px + t[tap * ConvTaps.STRIDE + ConvTaps.DX];
                if (sy >= 0 && (!checkColumns || sx >= 0 && sx < width)) {
                    scratch.rows[inside] = tap * cin;
                    scratch.offsets[inside] = offset(in, sy, sx);
                    inside++;
                }
            }
            return inside;
        }
    }

    /** A convolution's sums and in-image taps at one position, before the sums are stored. */
    private static final class ConvScratch {
        final float[] sum;
        /** The sums a per-pixel convolution continues from. */
        final float[] start;
        final int[] rows;
        final int[] offsets;

        ConvScratch(int channels, int taps) {
            sum = new float[channels];
            start = new float[channels];
            rows = new int[taps];
            offsets = new int[taps];
        }
    }

    /** x for x > 0, else expm1(x). */
    static float elu(float x) {
        return x > 0 ? x : (float) StrictMath.expm1(x);
    }

    /** 1 / (1 + exp(-x)) in double, rounded to float once; exp overflowing to infinity gives 0. */
    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + StrictMath.exp(-x)));
    }
}
