package org.arcodec.internal.made;

import org.arcodec.internal.nn.FixedLayout;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.nn.PixelScale;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.Arrays;

/**
 * MADE (Germain et al. 2015) for one fixed image shape: a ReLU network whose weights are masked so
 * that the outputs of the sample coded at step s see only the samples coded before it, with an
 * ensemble of connectivity masks over one coding order and optional direct input-to-output
 * connections. docs/WEIGHTS.md defines the tensors and the exact evaluation order.
 *
 * <p>Every unit has a connectivity number m (1..D-1). With steps counted from 0:
 * <pre>
 *   layer 1 unit with number m   sees inputs i with step(i) &lt; m
 *   layer l unit with number m'  sees layer l-1 units with number m &lt;= m'
 *   outputs of the step-s sample see layer L units with number m &lt;= s, inputs with step &lt; s
 * </pre>
 * So once the samples of steps 0..s-1 are known, every unit numbered s or less can be computed,
 * and none of them ever changes again. The decoder ({@link ConditionalStream#next}) computes the
 * units numbered s just before it needs the step-s outputs: each unit once, so a whole image costs
 * about one forward pass, not D. The encoder ({@link ConditionalStream#forEachConditional}) runs
 * one ordinary forward pass. Both evaluate every unit and output with
 * {@link ConnectionLists#accumulate} over the same list, so their tables are bit-identical.
 *
 * <p>The model is immutable and may be shared; each stream holds its own activations and is not
 * thread-safe. Nothing is allocated per sample.
 */
public final class MadeModel implements AutoregressiveModel {
    private final String name;
    private final byte[] sha256;
    private final SampleLayout layout;
    private final int inputs;           // D
    private final OutputHead head;
    private final int params;           // P
    private final int[] order;          // order[s]: sample coded at step s
    private final int[] sizes;          // H_1 .. H_L
    private final float[][] weights;    // weights[l]: W{l+1}, [H_{l+1}, H_l] with H_0 = D
    private final float[][] biases;     // biases[l]: b{l+1}, [H_{l+1}]
    private final float[] outWeights;   // V, [D*P, H_L]
    private final float[] outBiases;    // c, [D*P]
    private final float[] direct;       // A, [D*P, D], or null
    /** list(t): inputs with step &lt; t. Feeds layer 1 (t = m) and the direct terms (t = s). */
    private final ConnectionLists earlierInputs;
    private final Mask[] masks;

    /** One connectivity mask of the ensemble. */
    private static final class Mask {
        /** numbers[l][j]: connectivity number of unit j of hidden layer l + 1. */
        final int[][] numbers;
        /** upTo[l].list(t): units of hidden layer l + 1 numbered at most t. Feeds layer l + 2, or the outputs. */
        final ConnectionLists[] upTo;
        /** byNumber[l][firstWith[l][m] .. firstWith[l][m + 1]): units of hidden layer l + 1 numbered m. */
        final int[][] byNumber;
        final int[][] firstWith;

        Mask(int[][] numbers, int inputs) {
            this.numbers = numbers;
            int layers = numbers.length;
            upTo = new ConnectionLists[layers];
            byNumber = new int[layers][];
            firstWith = new int[layers][];
            for (int l = 0; l < layers; l++) {
                upTo[l] = ConnectionLists.build(numbers[l], inputs - 1);
                // Counting sort by number, stable in unit index.
                int[] first = new int[inputs + 1];
                for (int m : numbers[l]) {
                    first[m + 1]++;
                }
                for (int m = 0; m < inputs; m++) {
                    first[m + 1] += first[m];
                }
                int[] sorted = new int[numbers[l].length];
                int[] next = Arrays.copyOf(first, inputs);
                for (int j = 0; j < numbers[l].length; j++) {
                    sorted[next[numbers[l][j]]++] = j;
                }
                byNumber[l] = sorted;
                firstWith[l] = first;
            }
        }
    }

    /**
     * Builds a MADE from its tensors (docs/WEIGHTS.md), which the caller has checked for shape
     * and range: {@code order} a permutation of 0..D-1, every number in 1..D-1, weights finite.
     * The arrays are kept, not copied.
     *
     * @param numbers numbers[i][l]: tensor {@code mask{i}.m{l+1}}
     * @param direct  tensor {@code A}, or null without direct connections
     */
    public MadeModel(String name, byte[] sha256, SampleLayout layout, OutputHead head, int[] order,
                     float[][] weights, float[][] biases, int[][][] numbers,
                     float[] outWeights, float[] outBiases, float[] direct) {
        this.name = name;
        this.sha256 = sha256.clone();
        this.layout = layout;
        this.inputs = Math.toIntExact(layout.samples());
        this.head = head;
        this.params = head.parameters();
        this.order = order;
        this.weights = weights;
        this.biases = biases;
        this.outWeights = outWeights;
        this.outBiases = outBiases;
        this.direct = direct;
        int layers = weights.length;
        sizes = new int[layers];
        for (int l = 0; l < layers; l++) {
            sizes[l] = biases[l].length;
        }
        check(order.length == inputs && layers >= 1 && biases.length == layers && numbers.length >= 1,
                "order, layers or masks");
        for (int l = 0; l < layers; l++) {
            check(weights[l].length == (long) sizes[l] * (l == 0 ? inputs : sizes[l - 1]), "W" + (l + 1));
        }
        check(outWeights.length == (long) inputs * params * sizes[layers - 1], "V");
        check(outBiases.length == (long) inputs * params, "c");
        check(direct == null || direct.length == (long) inputs * params * inputs, "A");
        int[] stepOf = new int[inputs];
        for (int s = 0; s < inputs; s++) {
            stepOf[order[s]] = s + 1;
        }
        earlierInputs = ConnectionLists.build(stepOf, inputs - 1);
        masks = new Mask[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            check(numbers[i].length == layers, "mask" + i);
            for (int l = 0; l < layers; l++) {
                check(numbers[i][l].length == sizes[l], "mask" + i + ".m" + (l + 1));
            }
            masks[i] = new Mask(numbers[i], inputs);
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent MADE tensors: " + what);
        }
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
        return FixedLayout.mismatch(name, layout, requested);
    }

    @Override
    public SampleLayout fixedLayout() {
        return layout;
    }

    @Override
    public ConditionalStream open(SampleLayout requested) {
        String reason = unsupportedReason(requested);
        if (reason != null) {
            throw new IllegalArgumentException(reason);
        }
        return new Stream();
    }

    /** The activations of one image. */
    private final class Stream implements ConditionalStream {
        /** Scaled input of each sample index; zero until observed (and then never read unmasked). */
        private final double[] x = new double[inputs];
        /** hidden[i][l][j]: unit j of hidden layer l + 1 under mask i, valid once computed. */
        private final double[][][] hidden = new double[masks.length][][];
        private final double[] outputs = new double[params];
        private final double[] directSums = new double[params];
        private final double[] maskTable = new double[OutputHead.VALUES];
        private final double[] table = new double[OutputHead.VALUES];
        private int step;
        private boolean awaitingValue;

        Stream() {
            for (int i = 0; i < masks.length; i++) {
                hidden[i] = new double[sizes.length][];
                for (int l = 0; l < sizes.length; l++) {
                    hidden[i][l] = new double[sizes[l]];
                }
            }
        }

        @Override
        public int next(QuantizedCdf cdf) {
            if (awaitingValue || step >= inputs) {
                throw new IllegalStateException(awaitingValue ? "observe the previous sample first"
                        : "all " + inputs + " samples are coded");
            }
            // Inputs of steps < step are known: every unit numbered `step` can now be computed,
            // layer by layer, as its own inputs are numbered at most `step` too.
            if (step >= 1) {
                for (int i = 0; i < masks.length; i++) {
                    Mask mask = masks[i];
                    for (int l = 0; l < sizes.length; l++) {
                        int[] units = mask.byNumber[l];
                        for (int n = mask.firstWith[l][step], end = mask.firstWith[l][step + 1]; n < end; n++) {
                            computeUnit(i, l, units[n]);
                        }
                    }
                }
            }
            int sample = order[step];
            conditional(sample, step, cdf);
            awaitingValue = true;
            return sample;
        }

        @Override
        public void observe(int value) {
            if (!awaitingValue) {
                throw new IllegalStateException("observe without next");
            }
            if (value < 0 || value >= OutputHead.VALUES) {
                throw new IllegalArgumentException("sample value " + value + " is not in 0..255");
            }
            x[order[step]] = PixelScale.of(value);
            awaitingValue = false;
            step++;
        }

        @Override
        public void forEachConditional(byte[] samples, QuantizedCdf cdf, Step consumer) {
            if (step != 0 || awaitingValue) {
                throw new IllegalStateException("the batch path needs a fresh stream");
            }
            if (samples.length != inputs) {
                throw new IllegalArgumentException("expected " + inputs + " samples, got " + samples.length);
            }
            for (int k = 0; k < inputs; k++) {
                x[k] = PixelScale.of(samples[k] & 0xFF);
            }
            // One ordinary forward pass: every unit sees its whole (masked) input at once.
            for (int i = 0; i < masks.length; i++) {
                for (int l = 0; l < sizes.length; l++) {
                    for (int j = 0; j < sizes[l]; j++) {
                        computeUnit(i, l, j);
                    }
                }
            }
            for (int s = 0; s < inputs; s++) {
                int sample = order[s];
                conditional(sample, s, cdf);
                step = s + 1;
                consumer.accept(sample, cdf);
            }
        }

        /** Unit j of hidden layer l + 1 under mask i: relu(b + W x) over its connections. */
        private void computeUnit(int i, int l, int j) {
            Mask mask = masks[i];
            int threshold = mask.numbers[l][j];
            ConnectionLists feed = l == 0 ? earlierInputs : mask.upTo[l - 1];
            double[] below = l == 0 ? x : hidden[i][l - 1];
            int fanIn = l == 0 ? inputs : sizes[l - 1];
            double a = feed.accumulate(biases[l][j], threshold, weights[l], j * fanIn, below);
            hidden[i][l][j] = Math.max(a, 0.0);
        }

        /**
         * The table of the sample coded at step s: per mask, outputs = (c + V h_L) + A x over the
         * connections, through the head; the masks' tables averaged in mask order.
         */
        private void conditional(int sample, int s, QuantizedCdf cdf) {
            int last = sizes.length - 1;
            int hiddenWidth = sizes[last];
            int firstRow = sample * params;
            if (direct != null) {
                for (int p = 0; p < params; p++) {
                    directSums[p] = earlierInputs.accumulate(0.0, s, direct, (firstRow + p) * inputs, x);
                }
            }
            double[] sum = table;
            Arrays.fill(sum, 0.0);
            for (int i = 0; i < masks.length; i++) {
                ConnectionLists feed = masks[i].upTo[last];
                double[] h = hidden[i][last];
                for (int p = 0; p < params; p++) {
                    int row = firstRow + p;
                    double a = feed.accumulate(outBiases[row], s, outWeights, row * hiddenWidth, h);
                    outputs[p] = direct != null ? a + directSums[p] : a;
                }
                head.probabilities(outputs, 0, maskTable);
                for (int v = 0; v < OutputHead.VALUES; v++) {
                    sum[v] += maskTable[v];
                }
            }
            double count = masks.length;
            for (int v = 0; v < OutputHead.VALUES; v++) {
                sum[v] /= count;
            }
            cdf.setFromProbabilities(sum, OutputHead.VALUES);
        }
    }
}
