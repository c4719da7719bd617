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
 * <p>Two forms. A table ({@link #setFromCounts}, {@link #setFromProbabilities}) quantises every
 * symbol's probability at once. Edges ({@link #setFromEdges}) take an integer CDF that the model
 * evaluates only where the coder asks: the encoder needs two edges per sample and the decoder's
 * binary search about log2(n), instead of all n. There
 * <pre>
 *   cumulative(s) = s + floor(F(s - 1) * (TOTAL - n) / 2^32)      0 < s < n
 * </pre>
 * with F the model's integer CDF on the scale 2^32, which makes every frequency at least 1 as
 * long as F does not decrease, and a pure function of s, so the encoder and the decoder agree
 * whichever edges each evaluates.
 *
 * <p>One instance is reused for every sample of an image: not thread-safe.
 */
public final class QuantizedCdf {
    /** Frequencies are out of 2^PRECISION_BITS. */
    public static final int PRECISION_BITS = 24;
    public static final int TOTAL = 1 << PRECISION_BITS;
    /** Largest alphabet: 2^16 symbols still leave 255/256 of the total to share by probability. */
    public static final int MAX_ALPHABET = 1 << 16;

    /** Scale of an {@link EdgeCdf}: F(n - 1) = 1 is 2^32. */
    public static final long EDGE_ONE = 1L << 32;

    /**
     * A distribution over symbols 0..n-1 by its cumulative mass at the edges between them.
     * Implementations must be pure functions of the edge.
     */
    @FunctionalInterface
    public interface EdgeCdf {
        /**
         * The mass of the symbols 0..edge on the scale {@link #EDGE_ONE}, for edge in 0..n-2:
         * in [0, EDGE_ONE] and non-decreasing in edge.
         */
        long below(int edge);

        /**
         * The exact probability of {@code symbol} that the integer CDF approximates, for
         * {@link #idealBits}; by default the integer CDF's own, (F(s) - F(s - 1)) / 2^32.
         */
        default double probability(int symbol, int alphabetSize) {
            long upper = symbol >= alphabetSize - 1 ? EDGE_ONE : below(symbol);
            long lower = symbol == 0 ? 0 : below(symbol - 1);
            return (upper - lower) / (double) EDGE_ONE;
        }

        /**
         * A symbol the decoder's search starts from, such as the most likely one, or -1 for
         * none. Any value gives the same result: only the number of edges evaluated changes.
         */
        default int likelySymbol() {
            return -1;
        }
    }

    private int size;
    private int[] cumulative = new int[257];
    private double[] ideal = new double[256];
    private double idealSum;
    /** Non-null in the edge form. */
    private EdgeCdf edges;
    /** The two cumulative values the edge form computed last, as (symbol, value) pairs. */
    private int cachedSymbolA = -1;
    private int cachedValueA;
    private int cachedSymbolB = -1;
    private int cachedValueB;

    /**
     * Sets the distribution proportional to non-negative integer counts (an adaptive
     * histogram's). The exact distribution is counts[s] / sum.
     */
    public void setFromCounts(int[] counts, int alphabetSize) {
        ensureCapacity(alphabetSize);
        edges = null;
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
        edges = null;
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

    /**
     * Sets the distribution to the edge form of {@code cdf}: nothing is evaluated until the coder
     * asks for a symbol's interval. {@link #idealBits} is then -log2 of
     * {@link EdgeCdf#probability}, floored at 1e-30.
     */
    public void setFromEdges(EdgeCdf cdf, int alphabetSize) {
        if (alphabetSize < 2 || alphabetSize > MAX_ALPHABET) {
            throw new IllegalArgumentException("alphabet size must be in [2, " + MAX_ALPHABET + "], got " + alphabetSize);
        }
        edges = cdf;
        size = alphabetSize;
        cachedSymbolA = -1;
        cachedSymbolB = -1;
    }

    private int edgeCumulative(int symbol) {
        if (symbol == cachedSymbolA) {
            return cachedValueA;
        }
        if (symbol == cachedSymbolB) {
            return cachedValueB;
        }
        int value;
        if (symbol <= 0) {
            value = 0;
        } else if (symbol >= size) {
            value = TOTAL;
        } else {
            long f = edges.below(symbol - 1);
            if (f < 0 || f > EDGE_ONE) {
                throw new IllegalStateException("edge CDF at " + (symbol - 1) + " is " + f + ", outside [0, 2^32]");
            }
            // f * budget < 2^32 * 2^24: no overflow.
            value = symbol + (int) ((f * (TOTAL - size)) >>> 32);
        }
        cachedSymbolB = cachedSymbolA;
        cachedValueB = cachedValueA;
        cachedSymbolA = symbol;
        cachedValueA = value;
        return value;
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
        return edges != null ? edgeCumulative(symbol) : cumulative[symbol];
    }

    public int frequency(int symbol) {
        if (edges != null) {
            int frequency = edgeCumulative(symbol + 1) - edgeCumulative(symbol);
            if (frequency < 1) {
                throw new IllegalStateException("edge CDF decreases at symbol " + symbol);
            }
            return frequency;
        }
        return cumulative[symbol + 1] - cumulative[symbol];
    }

    /** The symbol s with {@code cumulative(s) <= target < cumulative(s + 1)}, for target in [0, TOTAL). */
    public int symbolFor(int target) {
        if (edges != null) {
            return edgeSymbolFor(target);
        }
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

    /**
     * The same search over the edge form; it leaves the symbol's two bounds in the cache. From
     * the edge form's likely symbol h it first gallops (h, h +- 1, h +- 3, h +- 7, ...) to an
     * interval holding the answer, then halves it: about 2 log2(distance) edges instead of
     * log2(n) when the sample is near h, which it mostly is.
     */
    private int edgeSymbolFor(int target) {
        int lo = 0;
        int hi = size - 1;
        int loValue = 0;       // cumulative(lo) <= target
        int aboveHi = TOTAL;   // cumulative(hi + 1) > target
        int h = edges.likelySymbol();
        if (h >= 0 && h < size) {
            int value = edgeCumulative(h);
            if (value <= target) {
                lo = h;
                loValue = value;
                for (int step = 1; lo + step < size; step <<= 1) {
                    int probe = lo + step;
                    int v = edgeCumulative(probe);
                    if (v > target) {
                        hi = probe - 1;
                        aboveHi = v;
                        break;
                    }
                    lo = probe;
                    loValue = v;
                }
            } else {
                hi = h - 1;
                aboveHi = value;
                for (int step = 1; hi + 1 - step > 0; step <<= 1) {
                    int probe = hi + 1 - step;
                    int v = edgeCumulative(probe);
                    if (v <= target) {
                        lo = probe;
                        loValue = v;
                        break;
                    }
                    hi = probe - 1;
                    aboveHi = v;
                }
            }
        }
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            int value = edgeCumulative(mid);
            if (value <= target) {
                lo = mid;
                loValue = value;
            } else {
                hi = mid - 1;
                aboveHi = value;
            }
        }
        cachedSymbolA = lo;
        cachedValueA = loValue;
        cachedSymbolB = lo + 1;
        cachedValueB = aboveHi;
        return lo;
    }

    /** -log2 of the model's exact probability of {@code symbol}: its ideal code length in bits. */
    public double idealBits(int symbol) {
        if (edges != null) {
            return -StrictMath.log(Math.max(edges.probability(symbol, size), MIN_IDEAL_PROBABILITY)) / LN2;
        }
        return -StrictMath.log(ideal[symbol] / idealSum) / LN2;
    }

    /** -log2 of the quantised probability of {@code symbol}: what the coder spends on it, ideally. */
    public double quantizedBits(int symbol) {
        return PRECISION_BITS - StrictMath.log(frequency(symbol)) / LN2;
    }

    private static final double LN2 = StrictMath.log(2);
    /** Keeps an edge form's ideal code lengths finite (about 100 bits at most). */
    private static final double MIN_IDEAL_PROBABILITY = 1e-30;
}
