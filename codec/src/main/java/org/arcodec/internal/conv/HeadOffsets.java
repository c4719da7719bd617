package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;

import java.util.Arrays;

/**
 * What one variant of a logistic-mixture head adds to the head's parameters, per image channel
 * (docs/CONVNETS.md, "Variants"): the same fixed offset to every log-scale, or offsets that start
 * at 0 and are learnt while the image is coded, one step of gradient descent on each sample's
 * code length, for the log-scales and, in some variants, the means. Encoder and decoder take the
 * same steps in the same order from the same doubles, so they hold the same offsets at every
 * pixel. A pixel's head is shifted by the offsets as they are before its first sample; what its
 * samples teach applies from the next pixel on. Mutable: one per stream and variant.
 */
final class HeadOffsets {
    /** A log-scale step moves by at most rate times this, so one badly predicted sample stays one step. */
    static final double MAX_SLOPE = 4;
    /** Learnt log-scale offsets stay within plus and minus this (a factor of e^2 on the scale). */
    static final double MAX_OFFSET = 2;
    /** A mean step is this times the slope, clamped: 0.03 sample values squared, on the [-1, 1] scale. */
    static final double MEAN_RATE = 0.03 / (127.5 * 127.5);
    static final double MAX_MEAN_SLOPE = 50;
    /** Learnt mean offsets stay within plus and minus this, about 13 sample values. */
    static final double MAX_MEAN_OFFSET = 0.1;

    private final double[] logScaleOffsets;
    private final double[] meanOffsets;
    private final double rate;
    private final boolean learnsMeans;
    /** Parameters per channel and kind: channel c owns {@code logScales[c * perChannel ..]}, the same of means. */
    private final int perChannel;

    private HeadOffsets(int channels, int perChannel, double offset, double rate, boolean learnsMeans) {
        this.logScaleOffsets = new double[channels];
        Arrays.fill(logScaleOffsets, offset);
        this.meanOffsets = new double[channels];
        this.rate = rate;
        this.learnsMeans = learnsMeans;
        this.perChannel = perChannel;
    }

    /** The same log-scale offset for every channel, never changed. */
    static HeadOffsets fixed(int channels, int perChannel, double offset) {
        return new HeadOffsets(channels, perChannel, offset, 0, false);
    }

    /**
     * Log-scale offsets from 0, each moved by {@code -rate} times its channel's slope after every
     * sample; with {@code means}, mean offsets too, at {@link #MEAN_RATE}.
     */
    static HeadOffsets learnt(int channels, int perChannel, double rate, boolean means) {
        return new HeadOffsets(channels, perChannel, 0, rate, means);
    }

    boolean learns() {
        return rate != 0;
    }

    /**
     * Adds each channel's mean offset to its means {@code params[means[..]]}, then its log-scale
     * offset to its log-scales {@code params[logScales[..]]}; an offset of 0 adds nothing.
     */
    void shift(double[] params, int[] logScales, int[] means) {
        for (int c = 0; c < meanOffsets.length; c++) {
            add(params, means, c, meanOffsets[c]);
        }
        for (int c = 0; c < logScaleOffsets.length; c++) {
            add(params, logScales, c, logScaleOffsets[c]);
        }
    }

    private void add(double[] params, int[] indices, int channel, double offset) {
        if (offset != 0) {
            for (int i = channel * perChannel; i < (channel + 1) * perChannel; i++) {
                params[indices[i]] += offset;
            }
        }
    }

    /**
     * One step for {@code channel}, whose sample was {@code value} under {@code edges}: the mean
     * offset (when learnt) -= {@link #MEAN_RATE} * its slope ({@link LogisticMixture.Edges#meanSlope})
     * clamped to plus and minus {@link #MAX_MEAN_SLOPE}, within {@link #MAX_MEAN_OFFSET}; the
     * log-scale offset -= rate * its slope ({@link LogisticMixture.Edges#logScaleSlope}) clamped
     * to plus and minus {@link #MAX_SLOPE}, within {@link #MAX_OFFSET}. Both slopes are taken at
     * the offsets the sample was coded with.
     */
    void learn(int channel, LogisticMixture.Edges edges, int value) {
        if (rate == 0) {
            return;
        }
        double slope = clamp(edges.logScaleSlope(value), MAX_SLOPE);
        if (learnsMeans) {
            double meanSlope = clamp(edges.meanSlopeOfLastValue(), MAX_MEAN_SLOPE);
            meanOffsets[channel] = clamp(meanOffsets[channel] - MEAN_RATE * meanSlope, MAX_MEAN_OFFSET);
        }
        logScaleOffsets[channel] = clamp(logScaleOffsets[channel] - rate * slope, MAX_OFFSET);
    }

    /**
     * The steps of {@link #learn} for every channel at once, after a pixel, with slopes from the
     * gradient of the whole pixel's code length: a channel's log-scale slope is the sum of
     * {@code gradient[logScales[..]]} over its parameters, its mean slope the same over means.
     */
    void learnFromPixel(double[] gradient, int[] logScales, int[] means) {
        for (int c = 0; c < logScaleOffsets.length; c++) {
            double scaleSlope = 0;
            double meanSlope = 0;
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                scaleSlope += gradient[logScales[i]];
                meanSlope += gradient[means[i]];
            }
            if (learnsMeans) {
                meanOffsets[c] = clamp(meanOffsets[c] - MEAN_RATE * clamp(meanSlope, MAX_MEAN_SLOPE), MAX_MEAN_OFFSET);
            }
            logScaleOffsets[c] = clamp(logScaleOffsets[c] - rate * clamp(scaleSlope, MAX_SLOPE), MAX_OFFSET);
        }
    }

    private static double clamp(double x, double limit) {
        return Math.max(-limit, Math.min(limit, x));
    }

    /** Each channel's log-scale offset now. */
    double[] logScaleOffsets() {
        return logScaleOffsets.clone();
    }

    /** Each channel's mean offset now. */
    double[] meanOffsets() {
        return meanOffsets.clone();
    }
}
