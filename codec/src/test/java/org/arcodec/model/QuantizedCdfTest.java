package org.arcodec.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.arcodec.model.QuantizedCdf.MAX_ALPHABET;
import static org.arcodec.model.QuantizedCdf.PRECISION_BITS;
import static org.arcodec.model.QuantizedCdf.TOTAL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class QuantizedCdfTest {
    private static final double LOG2 = Math.log(2);

    /** cumulative(0..n) as an array. */
    private static int[] table(QuantizedCdf cdf) {
        int[] cum = new int[cdf.alphabetSize() + 1];
        Arrays.setAll(cum, cdf::cumulative);
        return cum;
    }

    private static void assertValid(QuantizedCdf cdf, int n, String what) {
        assertEquals(n, cdf.alphabetSize(), what);
        assertEquals(0, cdf.cumulative(0), what + ": cumulative(0)");
        assertEquals(TOTAL, cdf.cumulative(n), what + ": cumulative(n)");
        for (int s = 0; s < n; s++) {
            if (cdf.frequency(s) < 1) {
                fail(what + ": symbol " + s + " of " + n + " has frequency " + cdf.frequency(s));
            }
        }
    }

    private static int logUniform(SplittableRandom random, int min, int max) {
        double x = Math.log(min) + random.nextDouble() * (Math.log(max + 1.0) - Math.log(min));
        return Math.min(max, (int) Math.exp(x));
    }

    /** Weights of a random style: flat, peaked over many decades, sparse, one spike, tiny, huge. */
    private static double[] randomWeights(SplittableRandom random, int n) {
        double[] w = new double[n];
        int style = random.nextInt(6);
        int spike = random.nextInt(n);
        for (int s = 0; s < n; s++) {
            w[s] = switch (style) {
                case 0 -> random.nextDouble();
                case 1 -> Math.exp(-700 * random.nextDouble());
                case 2 -> random.nextInt(4) == 0 ? random.nextDouble() : 0;
                case 3 -> s == spike ? 1 : 0;
                case 4 -> Double.MIN_VALUE * random.nextInt(1000);
                default -> 1e300 * random.nextDouble() / n;
            };
        }
        w[spike] += style == 4 ? Double.MIN_VALUE : style == 5 ? 1e290 : 1e-3; // never all zero
        return w;
    }

    private static int[] randomCounts(SplittableRandom random, int n) {
        int[] counts = new int[n];
        int limit = random.nextBoolean() ? 1 + random.nextInt(20) : Integer.MAX_VALUE;
        boolean sparse = random.nextBoolean();
        for (int s = 0; s < n; s++) {
            counts[s] = sparse && random.nextInt(4) != 0 ? 0 : random.nextInt(limit);
        }
        counts[random.nextInt(n)] = limit;
        return counts;
    }

    @Test
    void randomWeightsGiveValidTables() {
        SplittableRandom random = new SplittableRandom(42);
        QuantizedCdf reused = new QuantizedCdf();
        for (int trial = 0; trial < 400; trial++) {
            int n = logUniform(random, 2, MAX_ALPHABET);
            double[] weights = randomWeights(random, n);
            reused.setFromProbabilities(weights, n);
            assertValid(reused, n, "weights, trial " + trial);
        }
    }

    @Test
    void randomCountsGiveValidTables() {
        SplittableRandom random = new SplittableRandom(43);
        QuantizedCdf reused = new QuantizedCdf();
        for (int trial = 0; trial < 400; trial++) {
            int n = logUniform(random, 2, MAX_ALPHABET);
            reused.setFromCounts(randomCounts(random, n), n);
            assertValid(reused, n, "counts, trial " + trial);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 256, MAX_ALPHABET})
    void extremeInputsGiveValidTables(int n) {
        QuantizedCdf cdf = new QuantizedCdf();
        double[] weights = new double[n];
        weights[n - 1] = 1;
        cdf.setFromProbabilities(weights, n);
        assertValid(cdf, n, "one nonzero weight");
        assertEquals(TOTAL - (n - 1), cdf.frequency(n - 1), "everything else is left to the only possible symbol");

        Arrays.fill(weights, Double.MIN_VALUE);
        cdf.setFromProbabilities(weights, n);
        assertValid(cdf, n, "subnormal weights");
        assertEquals(TOTAL / n, cdf.frequency(0), 1, "equal subnormal weights share equally");

        Arrays.fill(weights, 0);
        weights[0] = Double.MIN_VALUE;
        cdf.setFromProbabilities(weights, n);
        assertValid(cdf, n, "one subnormal weight");
        assertEquals(TOTAL - (n - 1), cdf.frequency(0));

        Arrays.fill(weights, Double.MAX_VALUE / (2.0 * n));
        weights[1] = Double.MAX_VALUE / 2;
        cdf.setFromProbabilities(weights, n);
        assertValid(cdf, n, "huge weights");
        assertTrue(cdf.frequency(1) >= TOTAL / 2 - n, "huge weights keep their proportions");

        int[] counts = new int[n];
        Arrays.fill(counts, Integer.MAX_VALUE);
        cdf.setFromCounts(counts, n);
        assertValid(cdf, n, "largest counts");
        assertEquals(TOTAL / n, cdf.frequency(0), 1, "equal counts share equally");

        Arrays.fill(counts, 0);
        counts[n / 2] = 1;
        cdf.setFromCounts(counts, n);
        assertValid(cdf, n, "one count");
        assertEquals(TOTAL - (n - 1), cdf.frequency(n / 2));
    }

    @Test
    void symbolForInvertsCumulative() {
        SplittableRandom random = new SplittableRandom(44);
        QuantizedCdf cdf = new QuantizedCdf();
        for (int trial = 0; trial < 60; trial++) {
            int n = logUniform(random, 2, MAX_ALPHABET);
            cdf.setFromProbabilities(randomWeights(random, n), n);
            for (int s = 0; s < n; s++) {
                assertEquals(s, cdf.symbolFor(cdf.cumulative(s)), "first target of symbol " + s);
                assertEquals(s, cdf.symbolFor(cdf.cumulative(s + 1) - 1), "last target of symbol " + s);
            }
            int[] cum = table(cdf);
            for (int i = 0; i < 1_000; i++) {
                int target = random.nextInt(TOTAL);
                int s = cdf.symbolFor(target);
                assertTrue(cum[s] <= target && target < cum[s + 1],
                        "target " + target + " is not in symbol " + s + "'s [" + cum[s] + ", " + cum[s + 1] + ")");
            }
        }
    }

    @Test
    void quantisationIsDeterministic() {
        SplittableRandom random = new SplittableRandom(45);
        QuantizedCdf reused = new QuantizedCdf();
        for (int trial = 0; trial < 100; trial++) {
            int n = logUniform(random, 2, MAX_ALPHABET);
            double[] weights = randomWeights(random, n);
            int[] counts = randomCounts(random, n);
            QuantizedCdf first = new QuantizedCdf();
            QuantizedCdf second = new QuantizedCdf();
            first.setFromProbabilities(weights.clone(), n);
            second.setFromProbabilities(weights.clone(), n);
            reused.setFromProbabilities(weights.clone(), n); // after tables of other sizes
            assertArrayEquals(table(first), table(second), "weights, trial " + trial);
            assertArrayEquals(table(first), table(reused), "weights into a reused instance, trial " + trial);
            int probe = random.nextInt(n);
            assertEquals(first.idealBits(probe), reused.idealBits(probe), 0, "ideal bits");
            first.setFromCounts(counts.clone(), n);
            second.setFromCounts(counts.clone(), n);
            reused.setFromCounts(counts.clone(), n);
            assertArrayEquals(table(first), table(second), "counts, trial " + trial);
            assertArrayEquals(table(first), table(reused), "counts into a reused instance, trial " + trial);
        }
    }

    /** A golden table: the quantiser's output is part of the file format. */
    @Test
    void smallTableIsExactlyAsSpecified() {
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromCounts(new int[] {1, 0, 3}, 3);
        // budget 2^24 - 3 = 16777213; floors 4194303, 0, 12582909; the remainder 1 goes to symbol 2.
        assertArrayEquals(new int[] {0, 4194304, 4194305, TOTAL}, table(cdf));
        cdf.setFromProbabilities(new double[] {0.25, 0, 0.75}, 3);
        assertArrayEquals(new int[] {0, 4194304, 4194305, TOTAL}, table(cdf));
    }

    @Test
    void codeLengthsFollowTheTables() {
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromCounts(new int[] {1, 0, 3}, 3);
        assertEquals(2, cdf.idealBits(0), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, cdf.idealBits(1));
        assertEquals(PRECISION_BITS, cdf.quantizedBits(1), 0, "frequency 1 costs all 24 bits");
        assertEquals(PRECISION_BITS - Math.log(cdf.frequency(2)) / LOG2, cdf.quantizedBits(2), 1e-12);
        cdf.setFromProbabilities(new double[] {1, 1, 2}, 3);
        assertEquals(1, cdf.idealBits(2), 1e-12, "weights need not sum to one");
    }

    @Test
    void invalidInputsAreRejected() {
        QuantizedCdf cdf = new QuantizedCdf();
        assertRejected(() -> cdf.setFromCounts(new int[] {3, -1, 2}, 3), "symbol 1 is negative: -1");
        assertRejected(() -> cdf.setFromCounts(new int[4], 4), "all counts are zero");
        assertRejected(() -> cdf.setFromProbabilities(new double[] {0.5, -0.1}, 2), "symbol 1 is -0.1");
        assertRejected(() -> cdf.setFromProbabilities(new double[] {0.5, Double.NaN}, 2), "symbol 1 is NaN");
        assertRejected(() -> cdf.setFromProbabilities(new double[] {Double.POSITIVE_INFINITY, 1}, 2),
                "symbol 0 is Infinity");
        assertRejected(() -> cdf.setFromProbabilities(new double[] {Double.NEGATIVE_INFINITY, 1}, 2),
                "symbol 0 is -Infinity");
        assertRejected(() -> cdf.setFromProbabilities(new double[3], 3), "weights sum to 0.0");
        assertRejected(() -> cdf.setFromProbabilities(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 2),
                "weights sum to Infinity");
        for (int n : new int[] {-1, 0, 1, MAX_ALPHABET + 1}) {
            assertRejected(() -> cdf.setFromCounts(new int[Math.max(0, n) + 1], n), "got " + n);
            assertRejected(() -> cdf.setFromProbabilities(new double[Math.max(0, n) + 1], n), "got " + n);
        }
    }

    private static void assertRejected(Runnable call, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(messagePart), "message '" + e.getMessage() + "' lacks '" + messagePart + "'");
    }

    /**
     * Every symbol gets one unit plus the floor of its share of the other {@code TOTAL - n}, so
     * {@code q(s) > p(s) (TOTAL - n) / TOTAL} for every symbol but the one taking the remainder,
     * and KL(p || q) = sum p log2(p / q) < log2(TOTAL / (TOTAL - n)), about 2.2e-5 bits for 256
     * symbols (plus a hair for the largest symbol, which gives back at most one unit of overshoot).
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1, 4, 16})
    void quantisationIsFaithfulForAPeakedDistribution(double scale) {
        int n = 256;
        double[] p = discretisedLogistic(n, 100.3, scale);
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromProbabilities(p, n);
        double budget = TOTAL - n;
        int largest = 0;
        for (int s = 1; s < n; s++) {
            largest = p[s] > p[largest] ? s : largest;
        }
        double kl = 0;
        for (int s = 0; s < n; s++) {
            double q = cdf.frequency(s) / (double) TOTAL;
            if (p[s] > 0) {
                kl += p[s] * Math.log(p[s] / q) / LOG2;
            }
            double excess = cdf.frequency(s) - p[s] * budget; // units above the exact share
            if (s != largest) {
                assertTrue(excess > -1e-6 && excess <= 1 + 1e-6, "symbol " + s + " is " + excess + " units off its share");
            } else {
                assertTrue(excess > -1 - 1e-6 && excess <= n, "largest symbol is " + excess + " units off its share");
            }
        }
        double bound = Math.log((double) TOTAL / budget) / LOG2 + 1e-7;
        assertTrue(kl >= -1e-12 && kl < bound, "KL(p || q) = " + kl + " bits, bound " + bound);
        assertTrue(bound < 2.3e-5, "bound " + bound);
    }

    /** The same for counts: each non-largest frequency is exactly 1 + floor(count * budget / sum). */
    @Test
    void countsAreQuantisedExactly() {
        SplittableRandom random = new SplittableRandom(46);
        QuantizedCdf cdf = new QuantizedCdf();
        for (int trial = 0; trial < 100; trial++) {
            int n = logUniform(random, 2, MAX_ALPHABET);
            int[] counts = randomCounts(random, n);
            cdf.setFromCounts(counts, n);
            long sum = 0;
            int largest = 0;
            for (int s = 0; s < n; s++) {
                sum += counts[s];
                largest = counts[s] > counts[largest] ? s : largest;
            }
            long budget = TOTAL - n;
            for (int s = 0; s < n; s++) {
                long floor = counts[s] * budget / sum; // < 2^31 * 2^24: no overflow
                long extra = cdf.frequency(s) - 1 - floor;
                if (s == largest ? extra < 0 || extra >= n : extra != 0) {
                    fail("trial " + trial + ", symbol " + s + " of " + n + ": frequency " + cdf.frequency(s)
                            + " for count " + counts[s] + " of " + sum);
                }
            }
        }
    }

    /** PixelCNN++'s discretised logistic over 0..n-1, the edge bins taking the tails. */
    static double[] discretisedLogistic(int n, double mean, double scale) {
        double[] p = new double[n];
        double below = 0;
        for (int k = 0; k < n; k++) {
            double upTo = k == n - 1 ? 1 : 1 / (1 + Math.exp(-(k + 0.5 - mean) / scale));
            p[k] = upTo - below;
            below = upTo;
        }
        return p;
    }

    /** An integer edge CDF over n symbols with random steps (with {@code steep}, spanning 26 decades). */
    private static long[] randomEdges(SplittableRandom random, int n, boolean steep) {
        double[] steps = new double[n];
        for (int s = 0; s < n; s++) {
            steps[s] = steep ? Math.exp(-60 * random.nextDouble()) : random.nextDouble();
        }
        double total = Arrays.stream(steps).sum();
        double running = 0;
        long[] f = new long[n - 1];
        for (int e = 0; e < n - 1; e++) {
            running += steps[e];
            f[e] = Math.min(QuantizedCdf.EDGE_ONE, (long) (running / total * QuantizedCdf.EDGE_ONE));
        }
        return f;
    }

    /** The cumulative frequencies the edge form defines over f (n = f.length + 1 symbols), TOTAL at n. */
    private static int[] cumulativeOf(long[] f) {
        int n = f.length + 1;
        int[] expected = new int[n + 1];
        for (int s = 1; s < n; s++) {
            expected[s] = s + (int) ((f[s - 1] * (TOTAL - n)) >>> 32);
        }
        expected[n] = TOTAL;
        return expected;
    }

    @Test
    void edgeFormKeepsTheInvariantsAndSearchesLikeTheTable() {
        SplittableRandom random = new SplittableRandom(21);
        for (int trial = 0; trial < 300; trial++) {
            int n = trial < 200 ? 256 : 2 + random.nextInt(300);
            long[] f = randomEdges(random, n, trial % 3 == 0);
            int[] calls = new int[1];
            QuantizedCdf cdf = new QuantizedCdf();
            cdf.setFromEdges(edge -> {
                calls[0]++;
                return f[edge];
            }, n);
            int[] expected = cumulativeOf(f);
            assertValid(cdf, n, "trial " + trial);
            assertArrayEquals(expected, table(cdf), "trial " + trial);
            for (int t = 0; t < 200; t++) {
                int target = t < 2 ? (t == 0 ? 0 : TOTAL - 1) : random.nextInt(TOTAL);
                calls[0] = 0;
                int symbol = cdf.symbolFor(target);
                assertTrue(expected[symbol] <= target && target < expected[symbol + 1], "target " + target);
                assertTrue(calls[0] <= 32 - Integer.numberOfLeadingZeros(n), calls[0] + " edges evaluated for n = " + n);
                calls[0] = 0;
                assertEquals(expected[symbol], cdf.cumulative(symbol));
                assertEquals(expected[symbol + 1] - expected[symbol], cdf.frequency(symbol));
                assertEquals(0, calls[0], "the search left the symbol's bounds to be reused");
            }
            assertEquals(-Math.log(Math.max(f[0] / (double) QuantizedCdf.EDGE_ONE, 1e-30)) / LOG2, cdf.idealBits(0), 1e-9);
        }
    }

    /** An edge CDF over f with a fixed search hint, counting the edges it evaluates. */
    private record HintedEdges(long[] f, int hint, int[] calls) implements QuantizedCdf.EdgeCdf {
        @Override
        public long below(int edge) {
            calls[0]++;
            return f[edge];
        }

        @Override
        public int likelySymbol() {
            return hint;
        }
    }

    @Test
    void theSearchFromAHintFindsTheSameSymbolAndFewEdgesNearIt() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 300; trial++) {
            int n = trial < 200 ? 256 : 2 + random.nextInt(300);
            long[] f = randomEdges(random, n, trial % 3 == 0);
            int[] expected = cumulativeOf(f);
            for (int t = 0; t < 200; t++) {
                int target = t < 2 ? (t == 0 ? 0 : TOTAL - 1) : random.nextInt(TOTAL);
                int answer = 0;
                while (expected[answer + 1] <= target) {
                    answer++;
                }
                int hint = switch (t % 5) {
                    case 0 -> answer;
                    case 1 -> Math.max(0, Math.min(n - 1, answer + random.nextInt(7) - 3));
                    case 2 -> random.nextInt(n);
                    case 3 -> -1;
                    default -> n + random.nextInt(3);   // out of range: ignored
                };
                int[] calls = new int[1];
                QuantizedCdf cdf = new QuantizedCdf();
                cdf.setFromEdges(new HintedEdges(f, hint, calls), n);
                String what = "trial " + trial + " target " + target + " hint " + hint;
                assertEquals(answer, cdf.symbolFor(target), what);
                int distance = Math.abs(hint - answer);
                if (hint >= 0 && hint < n) {
                    int bound = 2 * (32 - Integer.numberOfLeadingZeros(distance + 1)) + 1;
                    assertTrue(calls[0] <= bound, calls[0] + " edges at distance " + distance + ", " + what);
                }
                calls[0] = 0;
                assertEquals(expected[answer], cdf.cumulative(answer), what);
                assertEquals(expected[answer + 1] - expected[answer], cdf.frequency(answer), what);
                assertEquals(0, calls[0], "the search left the symbol's bounds to be reused, " + what);
            }
        }
    }

    @Test
    void edgeFormRefusesACdfOutsideItsRangeOrDecreasing() {
        QuantizedCdf cdf = new QuantizedCdf();
        cdf.setFromEdges(edge -> edge == 3 ? -1 : 0, 8);
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> cdf.cumulative(4));
        assertTrue(outside.getMessage().contains("outside [0, 2^32]"), outside.getMessage());
        cdf.setFromEdges(edge -> edge == 3 ? 0 : QuantizedCdf.EDGE_ONE / 2, 8);
        IllegalStateException decreasing = assertThrows(IllegalStateException.class, () -> cdf.frequency(3));
        assertTrue(decreasing.getMessage().contains("decreases at symbol 3"), decreasing.getMessage());
    }
}
