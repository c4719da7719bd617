package org.arcodec.internal.format;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.internal.coder.RangeDecoder;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.SplittableRandom;

/**
 * Draws an image from a model by running the decoder on random bits: a uniformly random number
 * lands in each symbol's interval with the probability of its quantised frequency, so the decoder
 * that restores files samples from the very distribution the coder uses.
 */
public final class DecoderSampler {
    /**
     * Random bytes per sample: every frequency is at least 1 of 2^24, so one symbol narrows the
     * range by at most 24 bits and the decoder reads at most 3 bytes for it.
     */
    private static final int BYTES_PER_SAMPLE = QuantizedCdf.PRECISION_BITS / 8;
    /** Bytes the decoder reads ahead when it starts. */
    private static final int LOOKAHEAD_BYTES = 8;
    /** Largest image drawn at once: the random bytes are held in one array. */
    static final long MAX_SAMPLES = (Integer.MAX_VALUE - LOOKAHEAD_BYTES) / BYTES_PER_SAMPLE;

    private DecoderSampler() {
    }

    /**
     * A width x height image of the given 8-bit colour type drawn from the model, the same for
     * the same seed.
     *
     * @throws ArcodecException when the model cannot code that layout or the image is too large
     */
    public static RasterImage sample(AutoregressiveModel model, int width, int height, ColorType colorType, long seed,
                                     ProgressListener progress) {
        if (colorType == ColorType.PALETTE) {
            throw new ArcodecException("cannot sample palette images: a palette is not modelled");
        }
        SampleLayout layout = new SampleLayout(width, height, colorType.channels(), 256);
        if (layout.samples() > MAX_SAMPLES) {
            throw new ArcodecException("cannot sample " + width + "x" + height + " images: at most " + MAX_SAMPLES
                    + " samples at once");
        }
        String unsupported = model.unsupportedReason(layout);
        if (unsupported != null) {
            throw new ArcodecException("model '" + model.name() + "' cannot sample this layout: " + unsupported);
        }
        byte[] bits = new byte[(int) (layout.samples() * BYTES_PER_SAMPLE + LOOKAHEAD_BYTES)];
        new SplittableRandom(seed).nextBytes(bits);
        RangeDecoder decoder = new RangeDecoder(QuantizedCdf.PRECISION_BITS, bits, 0, bits.length);
        byte[] samples = PayloadDecoder.decode(decoder, model.open(layout), layout, progress);
        return RasterImage.of(width, height, colorType, 8, samples);
    }
}
