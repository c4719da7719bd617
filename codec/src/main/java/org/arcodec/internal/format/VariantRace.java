package org.arcodec.internal.format;

import org.arcodec.model.QuantizedCdf;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * Which of a model's variants the writer still codes. All start; at the end of every row of
 * samples a variant whose ideal code length so far (its payload's) exceeds the leader's by more than
 * {@value #MARGIN} of the leader's (and by at least {@value #MIN_BITS} bits) stops, and its entry
 * of the conditionals array is set to null, which tells the model to stop computing it
 * ({@link org.arcodec.model.ConditionalStream#forEachConditional(byte[], QuantizedCdf[],
 * org.arcodec.model.ConditionalStream.VariantStep)}). Which variants run changes only what the
 * encoder tries, never what a file holds: the header records the one kept.
 */
final class VariantRace {
    /** How far behind the leader, as a fraction of the leader's bits, a variant may fall. */
    static final double MARGIN = 0.01;
    /** Below this lead nothing stops, so that small images try every variant to the end. */
    static final double MIN_BITS = 8192;

    private final boolean[] running;
    /** A variant's bits so far. */
    private final IntToDoubleFunction bits;
    private final int samplesPerRow;
    private long samples;
    private double leaderBits;

    VariantRace(int variants, int samplesPerRow, IntToDoubleFunction bits) {
        this.running = new boolean[variants];
        this.bits = bits;
        this.samplesPerRow = samplesPerRow;
        Arrays.fill(running, true);
    }

    boolean running(int variant) {
        return running[variant];
    }

    long samples() {
        return samples;
    }

    /** Rows of samples done so far. */
    long rows() {
        return samples / samplesPerRow;
    }

    /** The fewest bits of a running variant at the last row end. */
    double leaderBits() {
        return leaderBits;
    }

    /**
     * After each sample: at a row's end, stops the variants too far behind and nulls their
     * conditionals. Returns whether a row ended.
     */
    boolean sampleDone(QuantizedCdf[] cdfs) {
        if (++samples % samplesPerRow != 0) {
            return false;
        }
        double best = Double.MAX_VALUE;
        for (int v = 0; v < running.length; v++) {
            if (running[v]) {
                best = Math.min(best, bits.applyAsDouble(v));
            }
        }
        leaderBits = best;
        double limit = best + Math.max(MARGIN * best, MIN_BITS);
        for (int v = 0; v < running.length; v++) {
            if (running[v] && bits.applyAsDouble(v) > limit) {
                running[v] = false;
            }
            if (!running[v] && v > 0) {
                cdfs[v] = null;
            }
        }
        return true;
    }
}
