package org.arcodec.internal.nn;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticMixtureTest {
    private static final double[] EXTREMES = {-1e300, -1e6, -50, -7.5, -1, 0, 1e-300, 0.5, 1, 7, 50, 700, 1e6, 1e300};

    @Test
    void probabilitiesArePositiveAndSumToOne() {
        SplittableRandom random = new SplittableRandom(1);
        double[] out = new double[256];
        for (int trial = 0; trial < 2000; trial++) {
            int k = 1 + random.nextInt(6);
            LogisticMixture head = new LogisticMixture(k);
            double[] params = new double[3 * k + 2];
            for (int i = 0; i < params.length; i++) {
                params[i] = trial < 1000 ? random.nextGaussian() * 3 : EXTREMES[random.nextInt(EXTREMES.length)];
            }
            head.probabilities(params, 2, out);
            assertNormalised(out, "trial " + trial);
        }
    }

    @Test
    void softmaxProbabilitiesArePositiveAndSumToOne() {
        SplittableRandom random = new SplittableRandom(2);
        double[] out = new double[256];
        SoftmaxHead head = new SoftmaxHead();
        for (int trial = 0; trial < 200; trial++) {
            double[] logits = new double[256];
            for (int v = 0; v < 256; v++) {
                logits[v] = trial % 2 == 0 ? random.nextGaussian() * 10 : EXTREMES[random.nextInt(EXTREMES.length)];
            }
            head.probabilities(logits, 0, out);
            assertNormalised(out, "trial " + trial);
        }
    }

    @Test
    void edgeBinsTakeTheTails() {
        double[] out = new double[256];
        LogisticMixture one = new LogisticMixture(1);
        one.probabilities(new double[] {0, -3, -4}, 0, out);
        assertEquals(1, out[0], 1e-9, "mean far below 0: all mass in bin 0");
        one.probabilities(new double[] {0, 3, -4}, 0, out);
        assertEquals(1, out[255], 1e-9, "mean far above 255: all mass in bin 255");
        // A mean exactly on the lowest edge and a narrow logistic: half below (bin 0), half above.
        one.probabilities(new double[] {0, -254.0 / 255, -7}, 0, out);
        assertEquals(0.5, out[0], 1e-12);
        assertEquals(0.5, out[1], 1e-3);
        // A huge scale: 1/s is 0, every edge sits at z = 0, so the tails take half each.
        one.probabilities(new double[] {0, 0.3, 1e300}, 0, out);
        assertEquals(0.5, out[0], 0);
        assertEquals(0.5, out[255], 0);
        assertEquals(LogisticMixture.MIN_PROBABILITY, out[100], 0);
    }

    @Test
    void matchesTheDifferenceOfSigmoidsWhereThatIsAccurate() {
        double[] out = new double[256];
        double mu = 0.1;
        double logScale = -2.5;
        new LogisticMixture(1).probabilities(new double[] {0.7, mu, logScale}, 0, out);
        double s = Math.exp(logScale);
        for (int v = 0; v < 256; v++) {
            double x = v / 127.5 - 1;
            double upper = v == 255 ? 1 : sigmoid((x + 1 / 255.0 - mu) / s);
            double lower = v == 0 ? 0 : sigmoid((x - 1 / 255.0 - mu) / s);
            assertEquals(upper - lower, out[v], 1e-14, "value " + v);
        }
    }

    /**
     * Far in a tail, the difference of two sigmoids near 1 cancels to nothing in doubles; the
     * product form keeps the mass to full relative precision.
     */
    @Test
    void tailBinsKeepTheirRelativePrecision() {
        double[] out = new double[256];
        double mu = -0.5;
        double logScale = -5;
        new LogisticMixture(1).probabilities(new double[] {0, mu, logScale}, 0, out);
        double invS = Math.exp(5);
        int checked = 0;
        for (int v = 1; v < 255; v++) {
            // sigmoid(b) - sigmoid(a) = exp(-a) * (1 - exp(-(b - a))) * (1 + O(exp(-a))) for a >> 0.
            double a = ((2 * v - 1 - 255) / 255.0 - mu) * invS;
            double w = 2.0 / 255 * invS;
            double expected = Math.exp(-a) * -Math.expm1(-w);
            if (a > 25 && expected > 1e-25) {
                assertEquals(1, out[v] / expected, 1e-9, "value " + v);
                checked++;
            }
        }
        assertTrue(checked > 20, checked + " tail bins checked");
        // Beyond exp's range the mass is floored, never zero.
        new LogisticMixture(1).probabilities(new double[] {0, -0.99, -7}, 0, out);
        assertEquals(LogisticMixture.MIN_PROBABILITY, out[255], 0);
    }

    @Test
    void mixtureWeightsAreASoftmax() {
        double[] out = new double[256];
        double[] first = new double[256];
        double[] second = new double[256];
        LogisticMixture one = new LogisticMixture(1);
        one.probabilities(new double[] {0, -0.5, -3}, 0, first);
        one.probabilities(new double[] {0, 0.5, -4}, 0, second);
        new LogisticMixture(2).probabilities(new double[] {Math.log(3), 0, -0.5, 0.5, -3, -4}, 0, out);
        for (int v = 0; v < 256; v++) {
            assertEquals(0.75 * first[v] + 0.25 * second[v], out[v], 1e-15);
        }
        new LogisticMixture(2).probabilities(new double[] {1e300, -1e300, -0.5, 0.5, -3, -4}, 0, out);
        for (int v = 0; v < 256; v++) {
            assertEquals(first[v], out[v], 1e-15);
        }
    }

    @Test
    void logOfABinsMassIsTheLogOfTheSingleComponentTable() {
        SplittableRandom random = new SplittableRandom(3);
        LogisticMixture one = new LogisticMixture(1);
        double[] out = new double[256];
        double[] slopes = new double[2];
        for (int trial = 0; trial < 300; trial++) {
            double mu = trial < 200 ? random.nextGaussian() : EXTREMES[random.nextInt(EXTREMES.length)];
            double logScale = trial < 200 ? random.nextGaussian() * 3 - 2 : EXTREMES[random.nextInt(EXTREMES.length)];
            one.probabilities(new double[] {random.nextGaussian(), mu, logScale}, 0, out);
            for (int v = 0; v < 256; v++) {
                double mass = LogisticMixture.binMassAndSlopes(mu, logScale, v, slopes, 0, slopes, 1);
                assertEquals(StrictMath.log(out[v]), LogisticMixture.logOfMass(mass), 0.0,
                        "mu " + mu + ", log-scale " + logScale + ", value " + v);
            }
        }
    }

    @Test
    void parsesOutputSpecs() {
        assertEquals(15, OutputHead.parse("logistic_mixture:5").parameters());
        assertEquals(256, OutputHead.parse("softmax").parameters());
        assertEquals("logistic_mixture:5", OutputHead.parse("logistic_mixture:5").spec());
        for (String bad : new String[] {"logistic_mixture:0", "logistic_mixture:+5", "logistic_mixture:", "mixture"}) {
            assertThrows(IllegalArgumentException.class, () -> OutputHead.parse(bad), bad);
        }
    }

    private static void assertNormalised(double[] out, String what) {
        double sum = 0;
        for (int v = 0; v < 256; v++) {
            assertTrue(out[v] >= OutputHead.MIN_PROBABILITY && out[v] <= 1 + 1e-12, what + ": p(" + v + ") = " + out[v]);
            sum += out[v];
        }
        assertEquals(1, sum, 1e-9, what);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
