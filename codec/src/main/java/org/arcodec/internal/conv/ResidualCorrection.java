package org.arcodec.internal.conv;

import org.arcodec.internal.nn.PixelScale;

import java.util.Arrays;

/**
 * A correction of each image channel's means and log-scales that is linear in the model's
 * prediction errors around the pixel ({@link NeighbourResiduals}), learnt while the image is
 * coded (docs/CONVNETS.md, "Neighbour residuals"). Output q = 2c is channel c's mean, q = 2c + 1
 * its log-scale; every one of the channel's K components gets the same {@code sum_f w_(f M + q) r_f}
 * added (M = 2C outputs, F features, f in order; no bias: the offsets of {@link HeadOffsets} are
 * the bias). After each pixel, with g_q the sum of the pixel's code-length slopes over output q's
 * K parameters, every weight takes the RMSprop step of {@link HeadAdapter}:
 * <pre>
 *   u = clamp(g_q, -4, 4) r_f
 *   s = 0.999 s + (1 - 0.999) u u
 *   w = w - rate u / (sqrt(s) + 0.001)
 * </pre>
 * in float, in that order. Every weight's step is its own, so the loop over them is element-wise.
 * Mutable: one per stream and variant.
 */
final class ResidualCorrection {
    private final int channels;
    private final int outputs;
    private final int perChannel;
    /** Index of output q's k-th parameter: {@code targets[q * K + k]}. */
    private final int[] targets;
    private final float rate;
    private final NeighbourResiduals residuals;
    /** {@code [f * M + q]}. */
    private final float[] weights;
    private final float[] squares;
    /** u of each weight, in the order of {@link #weights}. */
    private final float[] steps;
    private final float[] features;
    private final float[] sums;
    private final float[] slopes;

    /**
     * Corrects the parameters {@code means[c * K + k]} and {@code logScales[c * K + k]} of each of
     * C {@code channels} from the residuals of an image {@code width} pixels wide, learning at {@code rate}.
     */
    ResidualCorrection(int[] means, int[] logScales, int channels, int width, double rate) {
        this.channels = channels;
        this.outputs = 2 * channels;
        this.perChannel = means.length / channels;
        this.targets = new int[outputs * perChannel];
        for (int c = 0; c < channels; c++) {
            System.arraycopy(means, c * perChannel, targets, 2 * c * perChannel, perChannel);
            System.arraycopy(logScales, c * perChannel, targets, (2 * c + 1) * perChannel, perChannel);
        }
        this.rate = (float) rate;
        this.residuals = new NeighbourResiduals(width, channels);
        this.features = new float[residuals.features()];
        this.weights = new float[features.length * outputs];
        this.squares = new float[weights.length];
        this.steps = new float[weights.length];
        this.sums = new float[outputs];
        this.slopes = new float[outputs];
    }

    /** Adds the correction of pixel (y, x) to {@code p}; keeps its features for {@link #learn}. */
    void shift(double[] p, int y, int x) {
        residuals.read(y, x, features);
        Arrays.fill(sums, 0f);
        for (int f = 0; f < features.length; f++) {
            float r = features[f];
            int row = f * outputs;
            for (int q = 0; q < outputs; q++) {
                sums[q] += weights[row + q] * r;
            }
        }
        for (int q = 0; q < outputs; q++) {
            for (int k = 0; k < perChannel; k++) {
                p[targets[q * perChannel + k]] += sums[q];
            }
        }
    }

    /**
     * After pixel (y, x) was coded as {@code pixel} under {@code p}: keeps its residuals, the
     * expected values coming from {@code gradient}, which has just taken the pixel's code length
     * under {@code p}, and steps on that gradient.
     */
    void learn(double[] p, int[] pixel, PixelGradient gradient, int y, int x) {
        for (int c = 0; c < channels; c++) {
            residuals.record(y, x, c, PixelScale.of(pixel[c]), gradient.expectedValue(p, pixel, c));
        }
        double[] g = gradient.gradient();
        for (int q = 0; q < outputs; q++) {
            double sum = 0;
            for (int k = 0; k < perChannel; k++) {
                sum += g[targets[q * perChannel + k]];
            }
            slopes[q] = (float) Math.max(-HeadAdapter.MAX_SLOPE, Math.min(HeadAdapter.MAX_SLOPE, sum));
        }
        for (int f = 0; f < features.length; f++) {
            float r = features[f];
            int row = f * outputs;
            for (int q = 0; q < outputs; q++) {
                steps[row + q] = slopes[q] * r;
            }
        }
        for (int j = 0; j < weights.length; j++) {
            float u = steps[j];
            float s = HeadAdapter.DECAY * squares[j] + (1 - HeadAdapter.DECAY) * u * u;
            squares[j] = s;
            weights[j] -= rate * u / ((float) Math.sqrt(s) + HeadAdapter.EPSILON);
        }
    }
}
