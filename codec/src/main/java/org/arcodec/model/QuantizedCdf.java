package org.arcodec.model;

/**
 * The integer distribution the arithmetic coder codes one sample with, and the model's exact
 * (unquantised) distribution that it came from, for reporting the ideal code length.
 *
 * <p>Invariants after every {@code set...} call, for an alphabet of n symbols:
 * {@code cumulative(0) == 0}, {@code cumulative(n) == TOTAL}, and every symbol has frequency
 * {@code cumulative(s + 1) - cumulative(s) >= 1}, so every value stays codable however
 * confident the model is. Quantisation is a pure function of its inputs, evaluated in a fixed
 * order with IEEE double arithmetic (strict in Java 17), so equal inputs give equal tables on
 * every JVM.
 *
 * <p>One instance is reused for every sample of an image: not thread-safe.
 */
public final class QuantizedCdf {
    /** Frequencies are out of 2^PRECISION_BITS. */
    public static final int PRECISION_BITS = 24;
    public static final int TOTAL = 1 << PRECISION_BITS;
    /** Largest alphabet: 2^16 symbols still leave 255/256 of the total to share by probability. */
    public static final int MAX_ALPHABET = 1 << 16;

    private int size;
    private int[] cumulative = new int[257];
    private double[] ideal = new double[256];
    private double idealSum;

    /**
     * Sets the distribution proportional to non-negative integer counts (an adaptive
     * histogram's). The exact distribution is counts[s] / sum.
     */
    public void setFromCounts(int[] counts, int alphabetSize) {
        ensureCapacity(alphabetSize);
        long sum = 0;
        for (int s = 0; s < alphabetSize; s++) {
            int c = counts[s];
            if (c < 0) {
                throw new IllegalArgumentException("count of symbol " + s + " is negative: " + c);
            }
            sum += c;
            ideal[s] = c;
        }
        if (sum == 0) {
            throw new IllegalArgumentException("all counts are zero");
        }
        idealSum = sum;
        long budget = TOTAL - alphabetSize;
        int[] cum = cumulative;
        long assigned = 0;
        int largest = 0;
        for (int s = 0; s < alphabetSize; s++) {
            // counts[s] < 2^31 and budget < 2^24, so the product fits in 55 bits.
            long f = 1 + counts[s] * budget / sum;
            cum[s] = (int) assigned;
            assigned += f;
            if (counts[s] > counts[largest]) {
                largest = s;
            }
        }
        // The floors lose less than one unit per symbol: 0 <= TOTAL - assigned < alphabetSize.
        finish(alphabetSize, largest, TOTAL - assigned);
    }

    /**
     * Sets the distribution proportional to non-negative finite weights (probabilities that
     * need not sum to exactly one).
     */
    public void setFromProbabilities(double[] weights, int alphabetSize) {
        ensureCapacity(alphabetSize);
        double sum = 0;
        for (int s = 0; s < alphabetSize; s++) {
            double w = weights[s];
            if (!(w >= 0 && w < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("weight of symbol " + s + " is " + w);
            }
            sum += w;
            ideal[s] = w;
        }
        if (!(sum > 0 && sum < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("weights sum to " + sum);
        }
        idealSum = sum;
        double scale = (double) (TOTAL - alphabetSize) / sum;
        // Weights summing below about 2^-1000 (all subnormal, say) overflow the scale to
        // infinity. Lift them by 2^200, which is exact: sum * lift lies in [2^-874, 2^-800), so
        // the new scale is finite. A scale that did not overflow keeps lift = 1: same tables.
        double lift = 1;
        if (scale == Double.POSITIVE_INFINITY) {
            lift = 0x1p200;
            scale = (double) (TOTAL - alphabetSize) / (sum * lift);
        }
        int[] cum = cumulative;
        long assigned = 0;
        int largest = 0;
        for (int s = 0; s < alphabetSize; s++) {
            // weights[s] * lift * scale <= (TOTAL - alphabetSize) up to rounding, so f fits an int.
            long f = 1 + (long) (weights[s] * lift * scale);
            cum[s] = (int) assigned;
            assigned += f;
            if (weights[s] > weights[largest]) {
                largest = s;
            }
        }
        // Rounding of the products can overshoot the total by a few units; the largest
        // symbol holds at least (TOTAL - n) / n >= 255 units, so it can always give them back.
        finish(alphabetSize, largest, TOTAL - assigned);
    }

    /** Gives the leftover units (positive or negative) to the most probable symbol. */
    private void finish(int alphabetSize, int largest, long leftover) {
        int[] cum = cumulative;
        cum[alphabetSize] = (int) (TOTAL - leftover);
        if (cum[largest + 1] - cum[largest] + leftover < 1) {
            throw new IllegalStateException("cannot quantise: leftover " + leftover);
        }
        for (int s = largest + 1; s <= alphabetSize; s++) {
            cum[s] += (int) leftover;
        }
        size = alphabetSize;
    }

    private void ensureCapacity(int alphabetSize) {
        if (alphabetSize < 2 || alphabetSize > MAX_ALPHABET) {
            throw new IllegalArgumentException("alphabet size must be in [2, " + MAX_ALPHABET + "], got " + alphabetSize);
        }
        if (cumulative.length < alphabetSize + 1) {
            cumulative = new int[alphabetSize + 1];
            ideal = new double[alphabetSize];
        }
    }

    public int alphabetSize() {
        return size;
    }

    /** Sum of the frequencies of the symbols below {@code symbol}. */
    public int cumulative(int symbol) {
        return cumulative[symbol];
    }

    public int frequency(int symbol) {
        return cumulative[symbol + 1] - cumulative[symbol];
    }

    /** The symbol s with {@code cumulative(s) <= target < cumulative(s + 1)}, for target in [0, TOTAL). */
    public int symbolFor(int target) {
        int lo = 0;
        int hi = size - 1;
        int[] cum = cumulative;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (cum[mid] <= target) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** -log2 of the model's exact probability of {@code symbol}: its ideal code length in bits. */
    public double idealBits(int symbol) {
        return -StrictMath.log(ideal[symbol] / idealSum) / LN2;
    }

    /** -log2 of the quantised probability of {@code symbol}: what the coder spends on it, ideally. */
    public double quantizedBits(int symbol) {
        return PRECISION_BITS - StrictMath.log(frequency(symbol)) / LN2;
    }

    private static final double LN2 = StrictMath.log(2);
}
