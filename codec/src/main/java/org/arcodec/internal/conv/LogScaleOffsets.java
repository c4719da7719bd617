package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;

import java.util.Arrays;

/**
 * What one variant of a logistic-mixture head adds to the log-scale parameters of each image
 * channel (docs/CONVNETS.md, "Variants"): the same fixed offset for every channel, or offsets
 * that start at 0 and are learnt while the image is coded, one step of gradient descent on each
 * sample's code length. Encoder and decoder take the same steps in the same order from the same
 * doubles, so they hold the same offsets at every pixel. A pixel's head is shifted by the offsets
 * as they are before its first sample; what its samples teach applies from the next pixel on.
 * Mutable: one per stream and variant.
 */
final class LogScaleOffsets {
    /** A step moves an offset by at most rate times this, so one badly predicted sample stays one step. */
    static final double MAX_SLOPE = 4;
    /** Learnt offsets stay within plus and minus this (a factor of e^2 on the scale). */
    static final double MAX_OFFSET = 2;

    private final double[] offsets;
    private final double rate;
    /** Log-scale parameters per channel: channel c owns {@code logScales[c * perChannel ..]}. */
    private final int perChannel;

    private LogScaleOffsets(int channels, int logScaleParameters, double offset, double rate) {
        this.offsets = new double[channels];
        Arrays.fill(offsets, offset);
        this.rate = rate;
        this.perChannel = logScaleParameters / channels;
    }

    /** The same offset for every channel, never changed. */
    static LogScaleOffsets fixed(int channels, int logScaleParameters, double offset) {
        return new LogScaleOffsets(channels, logScaleParameters, offset, 0);
    }

    /** Offsets from 0, each moved by {@code -rate} times its channel's slope after every sample. */
    static LogScaleOffsets learnt(int channels, int logScaleParameters, double rate) {
        return new LogScaleOffsets(channels, logScaleParameters, 0, rate);
    }

    boolean learns() {
        return rate != 0;
    }

    /** Adds each channel's offset to its log-scale parameters {@code params[logScales[..]]}. */
    void shift(double[] params, int[] logScales) {
        for (int c = 0; c < offsets.length; c++) {
            double offset = offsets[c];
            if (offset != 0) {
                for (int i = c * perChannel; i < (c + 1) * perChannel; i++) {
                    params[logScales[i]] += offset;
                }
            }
        }
    }

    /**
     * One step for {@code channel}, whose sample was {@code value} under {@code edges}:
     * offset -= rate * slope, the slope ({@link LogisticMixture.Edges#logScaleSlope}) clamped to
     * plus and minus {@link #MAX_SLOPE}, the offset to plus and minus {@link #MAX_OFFSET}.
     */
    void learn(int channel, LogisticMixture.Edges edges, int value) {
        if (rate == 0) {
            return;
        }
        double slope = Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, edges.logScaleSlope(value)));
        offsets[channel] = Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, offsets[channel] - rate * slope));
    }

    /** Each channel's offset now. */
    double[] offsets() {
        return offsets.clone();
    }
}
