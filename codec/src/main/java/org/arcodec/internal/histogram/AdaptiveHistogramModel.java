package org.arcodec.internal.histogram;

import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The simplest autoregressive model: an adaptive order-0 histogram per channel. The
 * conditional of a sample is proportional to {@code PRIOR + INCREMENT * (times its value has
 * been seen in this channel so far)}, coded in raster order. All counting is in integers.
 */
public final class AdaptiveHistogramModel implements AutoregressiveModel {
    public static final String NAME = "histogram";
    public static final String DESCRIPTION = "adaptive order-0 histogram per channel (no weights)";
    static final int PRIOR = 1;
    static final int INCREMENT = 16;
    /** Counts are halved (kept >= PRIOR) when a channel's total would pass this. */
    static final int RESCALE_TOTAL = 1 << 28;

    private static final byte[] SHA256 = sha256("histogram v1 prior=" + PRIOR + " increment=" + INCREMENT
            + " rescale=" + RESCALE_TOTAL);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public byte[] weightsSha256() {
        return SHA256.clone();
    }

    @Override
    public ConditionalStream open(SampleLayout layout) {
        return new Stream(layout);
    }

    private static final class Stream implements ConditionalStream {
        private final int channels;
        private final int alphabet;
        private final int[][] counts;
        private final long[] totals;
        private int next;
        private int channel;

        Stream(SampleLayout layout) {
            channels = layout.channels();
            alphabet = layout.alphabetSize();
            counts = new int[channels][alphabet];
            totals = new long[channels];
            for (int c = 0; c < channels; c++) {
                java.util.Arrays.fill(counts[c], PRIOR);
                totals[c] = (long) PRIOR * alphabet;
            }
        }

        @Override
        public int next(QuantizedCdf cdf) {
            channel = next % channels;
            cdf.setFromCounts(counts[channel], alphabet);
            return next;
        }

        @Override
        public void observe(int value) {
            int[] c = counts[channel];
            c[value] += INCREMENT;
            totals[channel] += INCREMENT;
            if (totals[channel] > RESCALE_TOTAL) {
                long total = 0;
                for (int s = 0; s < alphabet; s++) {
                    c[s] = Math.max(PRIOR, c[s] >>> 1);
                    total += c[s];
                }
                totals[channel] = total;
            }
            next++;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
