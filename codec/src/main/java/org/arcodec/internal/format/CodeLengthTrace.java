package org.arcodec.internal.format;

/**
 * The leading variant's ideal code length at row ends of one model's pass over an image, so that
 * a later model's pass can stop once it is far behind on the same samples: the rule of
 * {@link VariantRace} (more than {@value VariantRace#MARGIN} of the leader's bits and at least
 * {@value VariantRace#MIN_BITS} bits behind), applied between models at the same row. At most
 * {@value #MAX_POINTS} row ends are kept, evenly spaced, however tall the image. Each point also
 * keeps a hash of the set of samples coded by then ({@link #addSample}), so that passes of two
 * models that code the samples in different orders are never compared.
 */
final class CodeLengthTrace {
    static final int MAX_POINTS = 1 << 16;

    private final int rows;
    private final int samplesPerRow;
    /** Rows between kept points: a point is kept after rows stride, 2 * stride, ... */
    private final int stride;
    private final double[] bits;
    private final long[] sampleSets;

    CodeLengthTrace(int rows, int samplesPerRow) {
        this.rows = rows;
        this.samplesPerRow = samplesPerRow;
        this.stride = (int) Math.max(1, (rows + (long) MAX_POINTS - 1) / MAX_POINTS);
        this.bits = new double[rows / stride];
        this.sampleSets = new long[bits.length];
    }

    /** Adds a sample's index to a hash of a set of indices, whatever the order they come in. */
    static long addSample(long sampleSet, int sampleIndex) {
        long z = (sampleIndex + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 31)) * 0xBF58476D1CE4E5B9L;
        return sampleSet + (z ^ (z >>> 29));
    }

    /** Whether a pass over samples of this shape can be held against this trace. */
    boolean sameShape(CodeLengthTrace other) {
        return rows == other.rows && samplesPerRow == other.samplesPerRow;
    }

    /** After {@code rowsDone} rows, the samples in {@code sampleSet}, the leader had spent {@code leaderBits}. */
    void record(long rowsDone, long sampleSet, double leaderBits) {
        if (rowsDone % stride == 0 && rowsDone / stride <= bits.length) {
            bits[(int) (rowsDone / stride) - 1] = leaderBits;
            sampleSets[(int) (rowsDone / stride) - 1] = sampleSet;
        }
    }

    /**
     * Whether a pass that has spent {@code leaderBits} after {@code rowsDone} rows is so far
     * behind this one on the same samples that it should stop; false between kept points and
     * where the samples coded differ.
     */
    boolean farAhead(long rowsDone, long sampleSet, double leaderBits) {
        if (rowsDone % stride != 0 || rowsDone / stride > bits.length
                || sampleSets[(int) (rowsDone / stride) - 1] != sampleSet) {
            return false;
        }
        double mine = bits[(int) (rowsDone / stride) - 1];
        return leaderBits > mine + Math.max(VariantRace.MARGIN * mine, VariantRace.MIN_BITS);
    }
}
