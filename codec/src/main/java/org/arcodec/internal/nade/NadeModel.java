package org.arcodec.internal.nade;

import org.arcodec.internal.nn.FixedLayout;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.nn.PixelScale;
import org.arcodec.internal.nn.Sigmoid;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

/**
 * NADE (Larochelle &amp; Murray 2011) for one fixed image shape, with a distribution head per
 * sample. One input matrix W is shared by all conditionals through a running pre-activation:
 * <pre>
 *   a_0 = b,   a_{s+1} = a_s + W[:, order[s]] * x_{order[s]}       (H)
 *   h_s = sigmoid(a_s)                                              (H)
 *   params of sample i = order[s]:  V[i*P .. i*P+P-1, :] h_s + c[i*P .. i*P+P-1]   (P)
 * </pre>
 * so each step costs O(H P) and the sample coded at step s sees exactly the samples coded before
 * it. The encoder's batch path is the same sequence of steps (the default
 * {@link ConditionalStream#forEachConditional}), so both paths run identical arithmetic.
 *
 * <p>The model is immutable and may be shared; a stream is not thread-safe. Nothing is allocated
 * per sample.
 */
public final class NadeModel implements AutoregressiveModel {
    private final String name;
    private final byte[] sha256;
    private final SampleLayout layout;
    private final int inputs;          // D
    private final int hiddenSize;      // H
    private final OutputHead head;
    private final int params;          // P
    private final int[] order;
    /** W transposed, [D, H]: row i is the column of sample i, added to a when i is observed. */
    private final float[] columns;
    private final float[] hiddenBiases;  // b, [H]
    private final float[] outWeights;    // V, [D*P, H]
    private final float[] outBiases;     // c, [D*P]

    /**
     * Builds a NADE from its tensors (docs/WEIGHTS.md), which the caller has checked: {@code order}
     * a permutation of 0..D-1, weights finite, shapes as documented. {@code w} is [H, D] as in the
     * file; the other arrays are kept, not copied.
     */
    public NadeModel(String name, byte[] sha256, SampleLayout layout, OutputHead head, int[] order,
                     float[] w, float[] b, float[] v, float[] c) {
        this.name = name;
        this.sha256 = sha256.clone();
        this.layout = layout;
        this.inputs = Math.toIntExact(layout.samples());
        this.hiddenSize = b.length;
        this.head = head;
        this.params = head.parameters();
        this.order = order;
        if (order.length != inputs || w.length != (long) hiddenSize * inputs
                || v.length != (long) inputs * params * hiddenSize || c.length != (long) inputs * params) {
            throw new IllegalArgumentException("inconsistent NADE tensors");
        }
        columns = new float[w.length];
        for (int k = 0; k < hiddenSize; k++) {
            for (int i = 0; i < inputs; i++) {
                columns[i * hiddenSize + k] = w[k * inputs + i];
            }
        }
        this.hiddenBiases = b;
        this.outWeights = v;
        this.outBiases = c;
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

    private final class Stream implements ConditionalStream {
        /** The running pre-activation a_s. */
        private final double[] a = new double[hiddenSize];
        private final double[] h = new double[hiddenSize];
        private final double[] outputs = new double[params];
        private final double[] table = new double[OutputHead.VALUES];
        private int step;
        private boolean awaitingValue;

        Stream() {
            for (int k = 0; k < hiddenSize; k++) {
                a[k] = hiddenBiases[k];
            }
        }

        @Override
        public int next(QuantizedCdf cdf) {
            if (awaitingValue || step >= inputs) {
                throw new IllegalStateException(awaitingValue ? "observe the previous sample first"
                        : "all " + inputs + " samples are coded");
            }
            int sample = order[step];
            for (int k = 0; k < hiddenSize; k++) {
                h[k] = Sigmoid.of(a[k]);
            }
            float[] weights = outWeights;
            for (int p = 0; p < params; p++) {
                int row = sample * params + p;
                double sum = outBiases[row];
                for (int k = 0, base = row * hiddenSize; k < hiddenSize; k++) {
                    sum += weights[base + k] * h[k];
                }
                outputs[p] = sum;
            }
            head.probabilities(outputs, 0, table);
            cdf.setFromProbabilities(table, OutputHead.VALUES);
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
            double xi = PixelScale.of(value);
            float[] column = columns;
            for (int k = 0, base = order[step] * hiddenSize; k < hiddenSize; k++) {
                a[k] += column[base + k] * xi;
            }
            awaitingValue = false;
            step++;
        }
    }
}
