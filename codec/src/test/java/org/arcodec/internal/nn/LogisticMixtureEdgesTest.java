package org.arcodec.internal.nn;

import org.arcodec.model.QuantizedCdf;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The integer edge CDF that convolutional models code with: monotone whatever the parameters,
 * close to the exact mixture, and costing next to nothing in coded size against whole tables.
 */
class LogisticMixtureEdgesTest {
    private static final double[] EXTREMES = {-1e300, -1e6, -50, -7.5, -1, 0, 1e-300, 0.5, 1, 7, 50, 700, 1e6, 1e300};

    private static double[] randomParams(SplittableRandom random, int k, boolean extreme) {
        double[] params = new double[3 * k];
        for (int i = 0; i < params.length; i++) {
            if (extreme) {
                params[i] = EXTREMES[random.nextInt(EXTREMES.length)];
            } else if (i < k) {
                params[i] = random.nextGaussian() * 2;               // logits
            } else if (i < 2 * k) {
                params[i] = random.nextDouble() * 2.4 - 1.2;         // means
            } else {
                params[i] = random.nextDouble() * 8 - 7.5;           // log-scales, some clamped at -7
            }
        }
        return params;
    }

    @Test
    void theLogisticTableIsMonotoneFromZeroToOne() {
        assertEquals(0, LogisticMixture.fixedSigmoid(-1e300));
        assertEquals(0, LogisticMixture.fixedSigmoid(Double.NaN));
        assertEquals(1L << LogisticMixture.SIGMOID_BITS, LogisticMixture.fixedSigmoid(1e300));
        assertEquals(1L << (LogisticMixture.SIGMOID_BITS - 1), LogisticMixture.fixedSigmoid(0));
        long previous = -1;
        for (double z = -30; z <= 30; z += 1.0 / 4096) {
            long s = LogisticMixture.fixedSigmoid(z);
            assertTrue(s >= previous, "decreases at z = " + z);
            assertEquals(Sigmoid.of(z), s / (double) (1L << LogisticMixture.SIGMOID_BITS), 3e-7, "z = " + z);
            previous = s;
        }
    }

    @Test
    void edgeCdfIsMonotoneWithinItsRangeAndCloseToTheExactMixture() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 3000; trial++) {
            int k = 1 + random.nextInt(6);
            boolean extreme = trial >= 2000;
            double[] params = randomParams(random, k, extreme);
            LogisticMixture mixture = new LogisticMixture(k);
            LogisticMixture.Edges edges = mixture.edges().set(params, 0);
            double[] exact = new double[256];
            mixture.probabilities(params, 0, exact);
            long previous = 0;
            double below = 0;
            for (int edge = 0; edge < 255; edge++) {
                long f = edges.below(edge);
                assertTrue(f >= previous && f <= QuantizedCdf.EDGE_ONE, "trial " + trial + " edge " + edge + ": " + f);
                previous = f;
                below += exact[edge];
                if (!extreme) {
                    // Weights floored to 2^-20 each, the table within 3e-7, the exact tables floored at 1e-30.
                    assertEquals(below, f / (double) QuantizedCdf.EDGE_ONE, k * 1e-6 + 5e-7,
                            "trial " + trial + " edge " + edge);
                }
            }
        }
    }

    /**
     * The expected code length under the exact mixture, coding with the edge CDF against coding with
     * the quantised whole table: the edge form may cost at most 0.05% more on average.
     */
    @Test
    void codingWithEdgesCostsNextToNothingAgainstWholeTables() {
        SplittableRandom random = new SplittableRandom(12);
        double tableBits = 0;
        double edgeBits = 0;
        QuantizedCdf table = new QuantizedCdf();
        QuantizedCdf edgeForm = new QuantizedCdf();
        for (int trial = 0; trial < 2000; trial++) {
            int k = 1 + random.nextInt(5);
            double[] params = randomParams(random, k, false);
            LogisticMixture mixture = new LogisticMixture(k);
            double[] exact = new double[256];
            mixture.probabilities(params, 0, exact);
            table.setFromProbabilities(exact, 256);
            edgeForm.setFromEdges(mixture.edges().set(params, 0), 256);
            for (int v = 0; v < 256; v++) {
                tableBits += exact[v] * table.quantizedBits(v);
                edgeBits += exact[v] * edgeForm.quantizedBits(v);
            }
        }
        double excess = edgeBits / tableBits - 1;
        assertTrue(Math.abs(excess) < 5e-4, "edge form costs " + excess * 100 + "% more (" + edgeBits / 2000
                + " against " + tableBits / 2000 + " bits per sample)");
    }

    /**
     * The slope of -ln p(v) in a shift of every log-scale is the central difference of the exact
     * mixture's -ln p(v) under shifts of plus and minus 1e-5; a component whose scale sits at its
     * floor adds no slope, and where every one does, the slope is 0.
     */
    @Test
    void logScaleSlopeIsTheDerivativeOfTheCodeLength() {
        SplittableRandom random = new SplittableRandom(13);
        double h = 1e-5;
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            int k = 1 + random.nextInt(5);
            double[] params = randomParams(random, k, false);
            boolean nearFloor = false;
            for (int i = 2 * k; i < 3 * k; i++) {
                nearFloor |= Math.abs(params[i] - LogisticMixture.MIN_LOG_SCALE) < 1e-3;
            }
            if (nearFloor) {
                continue;   // the floor is a kink: no derivative there
            }
            LogisticMixture mixture = new LogisticMixture(k);
            LogisticMixture.Edges edges = mixture.edges().set(params, 0);
            double[] wider = probabilitiesShifted(mixture, params, h);
            double[] narrower = probabilitiesShifted(mixture, params, -h);
            for (int v = 0; v < 256; v++) {
                if (narrower[v] < 1e-9 || wider[v] < 1e-9) {
                    continue;   // near the probability floor, which the difference would see
                }
                double expected = (-Math.log(wider[v]) + Math.log(narrower[v])) / (2 * h);
                double slope = edges.logScaleSlope(v);
                assertEquals(expected, slope, 1e-5 * Math.max(1, Math.abs(expected)), "trial " + trial + " value " + v);
                checked++;
            }
        }
        assertTrue(checked > 20000, "only " + checked + " values checked");
        double[] floored = {0.3, -0.2, 0.1, 0.4, -7.5, -9};
        LogisticMixture.Edges edges = new LogisticMixture(2).edges().set(floored, 0);
        for (int v : new int[] {0, 100, 140, 255}) {
            assertEquals(0, edges.logScaleSlope(v), 0.0, "value " + v);
        }
    }

    /** The slope of -ln p(v) in a shift of every mean is the central difference, as for the log-scales. */
    @Test
    void meanSlopeIsTheDerivativeOfTheCodeLength() {
        SplittableRandom random = new SplittableRandom(14);
        double h = 1e-7;
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            int k = 1 + random.nextInt(5);
            double[] params = randomParams(random, k, false);
            LogisticMixture mixture = new LogisticMixture(k);
            LogisticMixture.Edges edges = mixture.edges().set(params, 0);
            double[] above = probabilitiesShifted(mixture, params, h, 1);
            double[] below = probabilitiesShifted(mixture, params, -h, 1);
            for (int v = 0; v < 256; v++) {
                if (below[v] < 1e-9 || above[v] < 1e-9) {
                    continue;
                }
                double expected = (-Math.log(above[v]) + Math.log(below[v])) / (2 * h);
                assertEquals(expected, edges.meanSlope(v), 1e-4 * Math.max(1, Math.abs(expected)),
                        "trial " + trial + " value " + v);
                checked++;
            }
        }
        assertTrue(checked > 20000, "only " + checked + " values checked");
    }

    private static double[] probabilitiesShifted(LogisticMixture mixture, double[] params, double shift) {
        return probabilitiesShifted(mixture, params, shift, 2);
    }

    /** The exact mixture with {@code shift} added to block {@code block} (1: means, 2: log-scales). */
    private static double[] probabilitiesShifted(LogisticMixture mixture, double[] params, double shift, int block) {
        int k = mixture.components();
        double[] shifted = params.clone();
        for (int i = block * k; i < (block + 1) * k; i++) {
            shifted[i] += shift;
        }
        double[] out = new double[256];
        mixture.probabilities(shifted, 0, out);
        return out;
    }
}
