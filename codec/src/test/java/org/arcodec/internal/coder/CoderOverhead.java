package org.arcodec.internal.coder;

import org.arcodec.model.QuantizedCdf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Measures the range coder's output against the ideal code length: symbols are drawn from
 * peaked distributions over 256 values (discretised logistic or Laplace, {@link #TABLES}
 * tables with different centres, a symbol's table picked at random), coded, decoded, and the
 * coded size compared with the sum of {@code -log2 q(symbol)} under the quantised tables.
 * The scale is solved for so that the tables' mean entropy hits a target. Shared by
 * {@link CoderOverheadTest}, which asserts the bound, and {@link CoderOverheadReport}, which
 * prints the figures.
 */
final class CoderOverhead {
    static final int ALPHABET = 256;
    static final int TABLES = 16;
    static final int SYMBOLS = 1_000_000;
    static final double[] TARGET_ENTROPIES = {0.5, 1, 2, 3, 4, 5, 6};
    /** The requirement: coded bytes <= ideal bytes * (1 + RELATIVE_SLACK) + SLACK_BYTES. */
    static final double RELATIVE_SLACK = 1e-4;
    static final int SLACK_BYTES = 8;

    private static final double LOG2 = Math.log(2);

    private CoderOverhead() {
    }

    /** A distribution family over the real line, discretised to 0..n-1 with the tails in the edge bins. */
    enum Shape {
        LOGISTIC {
            @Override
            double cdf(double x, double mean, double scale) {
                return 1 / (1 + Math.exp(-(x - mean) / scale));
            }
        },
        LAPLACE {
            @Override
            double cdf(double x, double mean, double scale) {
                double z = (x - mean) / scale;
                return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
            }
        };

        abstract double cdf(double x, double mean, double scale);

        /** P(k) = F(k + 1/2) - F(k - 1/2), with P(0) = F(1/2) and P(n - 1) = 1 - F(n - 3/2). */
        double[] probabilities(int n, double mean, double scale) {
            double[] p = new double[n];
            double below = 0;
            for (int k = 0; k < n; k++) {
                double upTo = k == n - 1 ? 1 : cdf(k + 0.5, mean, scale);
                p[k] = Math.max(0, upTo - below);
                below = upTo;
            }
            return p;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One row: what was coded, its ideal size under the quantised tables, and what came out. */
    record Measurement(Shape shape, double entropyBits, int symbols, double idealBytes, long codedBytes,
                       boolean decodedExactly) {
        double overheadBytes() {
            return codedBytes - idealBytes;
        }

        double overheadPercent() {
            return 100 * overheadBytes() / idealBytes;
        }

        double allowedBytes() {
            return idealBytes * (1 + RELATIVE_SLACK) + SLACK_BYTES;
        }
    }

    /** Table t's centre: spread over 64..184 with fractional parts from -0.2 to 0.2, so no bin edge. */
    static double centre(int table) {
        return 64 + 8 * table + 0.4 * table / (TABLES - 1) - 0.2;
    }

    static double entropyBits(double[] p) {
        double h = 0;
        for (double x : p) {
            if (x > 0) {
                h -= x * Math.log(x) / LOG2;
            }
        }
        return h;
    }

    static double meanEntropy(Shape shape, double scale) {
        double sum = 0;
        for (int t = 0; t < TABLES; t++) {
            sum += entropyBits(shape.probabilities(ALPHABET, centre(t), scale));
        }
        return sum / TABLES;
    }

    /** The scale whose tables have the given mean entropy, by bisection (entropy grows with scale). */
    static double scaleFor(Shape shape, double targetEntropy) {
        double lo = Math.log(1e-3);
        double hi = Math.log(1e3);
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (meanEntropy(shape, Math.exp(mid)) < targetEntropy) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    static Measurement measure(Shape shape, double targetEntropy, int symbols, long seed) {
        double scale = scaleFor(shape, targetEntropy);
        QuantizedCdf[] cdfs = new QuantizedCdf[TABLES];
        double[] entropy = new double[TABLES];
        for (int t = 0; t < TABLES; t++) {
            double[] p = shape.probabilities(ALPHABET, centre(t), scale);
            cdfs[t] = new QuantizedCdf();
            cdfs[t].setFromProbabilities(p, ALPHABET);
            entropy[t] = entropyBits(p);
        }

        SplittableRandom random = new SplittableRandom(seed);
        int[] tableOf = new int[symbols];
        int[] values = new int[symbols];
        long[][] counts = new long[TABLES][ALPHABET];
        RangeEncoder encoder = new RangeEncoder(QuantizedCdf.PRECISION_BITS, symbols);
        for (int i = 0; i < symbols; i++) {
            int t = random.nextInt(TABLES);
            QuantizedCdf cdf = cdfs[t];
            int s = cdf.symbolFor(random.nextInt(QuantizedCdf.TOTAL)); // drawn from the quantised table
            encoder.encode(cdf.cumulative(s), cdf.frequency(s));
            tableOf[i] = t;
            values[i] = s;
            counts[t][s]++;
        }
        byte[] coded = encoder.finish();

        double idealBits = 0;
        double entropySum = 0;
        for (int t = 0; t < TABLES; t++) {
            for (int s = 0; s < ALPHABET; s++) {
                idealBits += counts[t][s] * cdfs[t].quantizedBits(s);
                entropySum += counts[t][s] * entropy[t];
            }
        }

        RangeDecoder decoder = new RangeDecoder(QuantizedCdf.PRECISION_BITS, coded, 0, coded.length);
        boolean exact = true;
        for (int i = 0; i < symbols && exact; i++) {
            QuantizedCdf cdf = cdfs[tableOf[i]];
            int s = cdf.symbolFor(decoder.target());
            decoder.consume(cdf.cumulative(s), cdf.frequency(s));
            exact = s == values[i];
        }
        return new Measurement(shape, entropySum / symbols, symbols, idealBits / 8, coded.length, exact);
    }

    /** Every shape at every target entropy, {@link #SYMBOLS} symbols each, fixed seeds. */
    static List<Measurement> standardMeasurements() {
        List<Measurement> rows = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (double h : TARGET_ENTROPIES) {
                rows.add(measure(shape, h, SYMBOLS, seed(shape, h)));
            }
        }
        return rows;
    }

    static long seed(Shape shape, double targetEntropy) {
        return 1000L * shape.ordinal() + Math.round(10 * targetEntropy);
    }
}
