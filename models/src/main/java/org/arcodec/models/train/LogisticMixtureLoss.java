package org.arcodec.models.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Per-sample log-likelihoods, in SameDiff, of the two output distributions over 0..255 that
 * docs/WEIGHTS.md defines: the discretised logistic mixture of PixelCNN++ and a 256-way softmax.
 * Inputs are scaled as {@code x = v / 127.5 - 1}.
 *
 * <p>Discretised logistic, one component with mean mu and scale s = exp(max(logscale, -7)):
 * with {@code a = (x + 1/255 - mu) / s} and {@code b = (x - 1/255 - mu) / s} (the bin's upper
 * and lower edge), the bin of v holds {@code sigmoid(a) - sigmoid(b)}; the bin of 0 takes the
 * whole lower tail, {@code sigmoid(a)}, and the bin of 255 the whole upper tail,
 * {@code 1 - sigmoid(b)}. The interior bin is computed in log space without cancellation:
 * <pre>
 *   sigmoid(a) - sigmoid(b) = sigmoid(a) * (1 - sigmoid(b)) * (1 - exp(b - a))
 *   log(...) = -softplus(-a) - softplus(b) + log(-expm1(b - a))
 * </pre>
 * The edge bins use the same expression with the open edge pushed out by {@link #TAIL}: for
 * v = 0 the lower edge becomes x - 1/255 - TAIL, so softplus(b) and exp(b - a) vanish and only
 * log sigmoid(a) remains; for v = 255 the upper edge moves up and only log(1 - sigmoid(b))
 * remains. The shift is applied to the [B, D, 1] edges before they meet the K components, so the
 * edge cases cost no full-size operation (elementwise work dominates a CPU training step).
 */
public final class LogisticMixtureLoss {
    /** Log-scales are clamped below here, as in PixelCNN++ and docs/WEIGHTS.md. */
    public static final double MIN_LOG_SCALE = -7.0;
    /** Half a bin in x units: bins are 2/255 wide. */
    static final double HALF_BIN = 1.0 / 255.0;
    /** x below this is the value 0; above its negation, 255. */
    static final double EDGE = 0.999;
    /**
     * How far an edge bin's open side is moved, in x units: TAIL / s exceeds 100 (so the dropped
     * terms are below e^-100) for every log-scale below 9, far flatter than any trained scale.
     */
    static final double TAIL = 1e6;
    /** Floor under 1 - exp(b - a) so that its log stays finite in float32. */
    static final double MIN_GAP = 1e-30;

    private LogisticMixtureLoss() {
    }

    /**
     * log p(v) for every sample, in nats.
     *
     * @param x [B, D] scaled sample values
     * @param logits [B, D, K] mixture logits
     * @param means [B, D, K]
     * @param logScales [B, D, K], clamped here
     * @param components K
     * @return [B, D]
     */
    public static SDVariable logistic(SameDiff sd, SDVariable x, SDVariable logits, SDVariable means,
                                      SDVariable logScales, int components) {
        SDVariable logComponent = logComponents(sd, x, means, logScales);
        // log sum_k softmax(logits)_k p_k = logsumexp(logits + log p) - logsumexp(logits)
        SDVariable joint = logSumExp(sd, logComponent.add(logits), components, false);
        return joint.sub(logSumExp(sd, logits, components, false));           // [B, D]
    }

    /**
     * log p(r, g, b) for every RGB pixel, in nats, under the coupled mixture of PixelCNN++ as the
     * codec defines it (CoupledMixture): component k gives p_k(r) p_k(g | r) p_k(b | r, g), with
     * the mean of G moved by tanh(a_k) x_r and that of B by tanh(b_k) x_r + tanh(c_k) x_g.
     *
     * @param x [B, D, 3] scaled sample values, R, G, B
     * @param params [B, D, 10K]: blocks of K for logits, mean R, log-scale R, mean G, log-scale G,
     *               mean B, log-scale B, coefficients a, b, c
     * @return [B, D]
     */
    public static SDVariable coupledRgb(SameDiff sd, SDVariable x, SDVariable params, int components) {
        int k = components;
        SDVariable[] block = new SDVariable[10];
        for (int i = 0; i < block.length; i++) {
            block[i] = sd.slice(params, new int[] {0, 0, i * k}, -1, -1, k);              // [B, D, K]
        }
        SDVariable r = sd.squeeze(sd.slice(x, new int[] {0, 0, 0}, -1, -1, 1), 2);       // [B, D]
        SDVariable g = sd.squeeze(sd.slice(x, new int[] {0, 0, 1}, -1, -1, 1), 2);
        SDVariable b = sd.squeeze(sd.slice(x, new int[] {0, 0, 2}, -1, -1, 1), 2);
        SDVariable r3 = sd.expandDims(r, 2);                                              // [B, D, 1]
        SDVariable g3 = sd.expandDims(g, 2);
        SDVariable meanG = block[3].add(sd.math().tanh(block[7]).mul(r3));
        SDVariable meanB = block[5].add(sd.math().tanh(block[8]).mul(r3)).add(sd.math().tanh(block[9]).mul(g3));
        SDVariable logComponent = logComponents(sd, r, block[1], block[2])
                .add(logComponents(sd, g, meanG, block[4]))
                .add(logComponents(sd, b, meanB, block[6]));
        SDVariable joint = logSumExp(sd, logComponent.add(block[0]), k, false);
        return joint.sub(logSumExp(sd, block[0], k, false));                              // [B, D]
    }

    /** log p_k(v) of every component, [B, D, K], for samples x [B, D] and means and log-scales [B, D, K]. */
    static SDVariable logComponents(SameDiff sd, SDVariable x, SDVariable means, SDVariable logScales) {
        SDVariable x3 = sd.expandDims(x, 2);                                  // [B, D, 1]
        SDVariable atZero = x3.lt(-EDGE).castTo(DataType.FLOAT);              // v == 0
        SDVariable atTop = x3.gt(EDGE).castTo(DataType.FLOAT);                // v == 255
        SDVariable upper = x3.add(HALF_BIN).add(atTop.mul(TAIL));            // [B, D, 1]
        SDVariable lower = x3.sub(HALF_BIN).sub(atZero.mul(TAIL));
        SDVariable width = lower.sub(upper);                                  // b - a = width / s

        // 1/s = exp(-max(logScale, -7)) = exp(7 - relu(logScale + 7)).
        SDVariable invScale = sd.math().exp(sd.nn().relu(logScales.add(-MIN_LOG_SCALE), 0).rsub(-MIN_LOG_SCALE));
        SDVariable a = upper.sub(means).mul(invScale);                        // [B, D, K]
        SDVariable b = lower.sub(means).mul(invScale);
        SDVariable gap = sd.math().expm1(width.mul(invScale)).neg();          // 1 - exp(b - a)
        SDVariable logGap = sd.math().log(sd.math().max(gap, sd.constant(MIN_GAP).castTo(DataType.FLOAT)));
        return logGap.sub(softplus(sd, a.neg())).sub(softplus(sd, b));
    }

    /**
     * log p(v) for every sample under a 256-way softmax, in nats.
     *
     * @param x [B, D] scaled sample values
     * @param logits [B, D, 256]
     * @return [B, D]
     */
    public static SDVariable softmax(SameDiff sd, SDVariable x, SDVariable logits) {
        SDVariable values = sd.math().round(x.add(1.0).mul(127.5)).castTo(DataType.INT32);
        SDVariable oneHot = sd.oneHot(values, 256, -1, 1.0, 0.0, DataType.FLOAT); // [B, D, 256]
        return logSoftmax(sd, logits, 256).mul(oneHot).sum(2);
    }

    /**
     * Log-softmax over the last axis (of length n) of a [B, D, n] array, as logits - logsumexp(logits). (SameDiff
     * 1.0.0-M2.1's logSoftmax with an explicit axis fails while building the op.)
     */
    static SDVariable logSoftmax(SameDiff sd, SDVariable logits, int n) {
        return logits.sub(logSumExp(sd, logits, n, true));
    }

    /**
     * log(1 + exp(z)) without overflow, as relu(z) + log(1 + exp(-|z|)). (SameDiff 1.0.0-M2.1's
     * softplus returns infinity from z = 89 on, which turns far-off values' losses into NaN.)
     */
    static SDVariable softplus(SameDiff sd, SDVariable z) {
        return sd.nn().relu(z, 0).add(sd.nn().softplus(sd.math().abs(z).neg()));
    }

    /** Above this many entries the maximum is taken with a reduction instead of pairwise. */
    static final int PAIRWISE_MAX_LIMIT = 16;

    /**
     * log(sum(exp(v))) over the last axis of a [B, D, n] array, with the maximum subtracted first
     * for stability; the maximum's own gradient terms cancel. (Written out because the gradient of
     * SameDiff 1.0.0-M2.1's logSumExp fails on rank-3 inputs.) For small n the maximum is built
     * pairwise as max(a, b) = b + relu(a - b) over the unstacked slices, because the gradient of a
     * max reduction is the slowest op of a training step on the CPU.
     */
    static SDVariable logSumExp(SameDiff sd, SDVariable v, int n, boolean keepDims) {
        SDVariable max;
        if (n <= PAIRWISE_MAX_LIMIT) {
            SDVariable[] slices = sd.unstack(v, 2, n);                   // n x [B, D]
            SDVariable m = slices[0];
            for (int k = 1; k < n; k++) {
                m = m.add(sd.nn().relu(slices[k].sub(m), 0));
            }
            max = sd.expandDims(m, 2);                                        // [B, D, 1]
        } else {
            max = v.max(true, 2);
        }
        SDVariable sum = sd.math().exp(v.sub(max)).sum(true, 2);
        SDVariable lse = sd.math().log(sum).add(max);
        return keepDims ? lse : sd.squeeze(lse, 2);
    }
}
