package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.arcodec.internal.nn.PixelScale;

/**
 * The RGB head of PixelCNN++ (Salimans et al. 2017): one mixture of K logistics over whole
 * pixels, where component k gives the pixel
 * <pre>
 *   p_k(r, g, b) = p_k(r) p_k(g | r) p_k(b | r, g)
 *   mean of G given r:    mu_G + tanh(a) x_r
 *   mean of B given r, g: mu_B + tanh(b) x_r + tanh(c) x_g          (x = v / 127.5 - 1)
 * </pre>
 * and p(r, g, b) = sum_k pi_k p_k(r, g, b). The coder codes R, G and B one after the other, so
 * it needs the conditionals of that joint: G given r is the mixture of the components'
 * p_k(g | r) weighted by their posterior pi_k p_k(r), and B given r and g weighted by
 * pi_k p_k(r) p_k(g | r). In logits: logit_k + log p_k(r) (+ log p_k(g | r)). Each conditional
 * is an ordinary {@link LogisticMixture} over [posterior logits][means][log-scales].
 *
 * <p>P = 10K parameters, each block K long: logits, mean R, log-scale R, mean G, log-scale G,
 * mean B, log-scale B, coefficient a, b, c. Immutable; callers bring the scratch space.
 */
final class CoupledMixture {
    private static final int MEAN_R = 1;
    private static final int LOG_SCALE_R = 2;
    private static final int MEAN_G = 3;
    private static final int LOG_SCALE_G = 4;
    private static final int MEAN_B = 5;
    private static final int LOG_SCALE_B = 6;
    private static final int COEF_A = 7;
    private static final int COEF_B = 8;
    private static final int COEF_C = 9;
    /** Blocks of K parameters. */
    static final int BLOCKS = 10;

    private final int components;
    private final LogisticMixture mixture;

    CoupledMixture(LogisticMixture mixture) {
        this.components = mixture.components();
        this.mixture = mixture;
    }

    int parameters() {
        return BLOCKS * components;
    }

    /** The logits, means and log-scales come first: 7K parameters, then the K coefficients a, b and c each. */
    int parametersBeforeCoefficients() {
        return COEF_A * components;
    }

    /** Indices of the log-scale parameters of R, G and B among the 10K. */
    int[] logScaleParameters() {
        return blocks(LOG_SCALE_R, LOG_SCALE_G, LOG_SCALE_B);
    }

    /** Indices of the means of R, G and B (G's and B's before the terms of r and g) among the 10K. */
    int[] meanParameters() {
        return blocks(MEAN_R, MEAN_G, MEAN_B);
    }

    private int[] blocks(int... blocks) {
        int[] indices = new int[blocks.length * components];
        int at = 0;
        for (int block : blocks) {
            for (int i = 0; i < components; i++) {
                indices[at++] = block * components + i;
            }
        }
        return indices;
    }

    /** Where in the scratch space coding leaves R's bin masses and slopes, then G's: 3K each. */
    private static final int CODED_BINS = 7;

    /**
     * Doubles of scratch space {@link #probabilities} needs: 3K for the conditional's parameters,
     * then what G's conditional leaves for B's (4K: R's posterior logits, means of G, means of B
     * given r, tanh(c)), then R's and G's bins for {@link #codedBin} (6K).
     */
    int scratchSize() {
        return 13 * components;
    }

    /**
     * The mass of component {@code k}'s bin of the pixel's sample {@code channel} (0 = R, 1 = G),
     * as coding the pixel left it in {@code scratch}, with its d ln q / d mean into
     * {@code meanSlope[at]} and d ln q / d log-scale into {@code logScaleSlope[at]}
     * ({@link LogisticMixture#binMassAndSlopes}).
     */
    double codedBin(double[] scratch, int channel, int k, double[] meanSlope, double[] logScaleSlope, int at) {
        int base = (CODED_BINS + 3 * channel) * components + k;
        meanSlope[at] = scratch[base + components];
        logScaleSlope[at] = scratch[base + 2 * components];
        return scratch[base];
    }

    /**
     * ln of component i's bin mass of {@code value} under {@code mean} and {@code logScale}
     * ({@link LogisticMixture#logOfMass}); the mass and its slopes stay in the scratch for
     * {@link #codedBin}.
     */
    private double logCodedBin(double mean, double logScale, int value, double[] scratch, int channel, int i) {
        int base = (CODED_BINS + 3 * channel) * components + i;
        double mass = LogisticMixture.binMassAndSlopes(mean, logScale, value, scratch, base + components, scratch,
                base + 2 * components);
        scratch[base] = mass;
        return LogisticMixture.logOfMass(mass);
    }

    /**
     * Writes the distribution of sample {@code channel} (0 = R, 1 = G, 2 = B) of a pixel with
     * parameters {@code params[0 .. 10K - 1]}, given {@code coded[0 .. channel - 1]}, the values
     * of its samples before it, into {@code out[0 .. 255]}. B's distribution takes terms that G's
     * left in {@code scratch}: code a pixel's channels in order with one scratch array.
     */
    void probabilities(int channel, double[] params, int[] coded, double[] scratch, double[] out) {
        if (channel == 0) {
            // [logits][mean R][log-scale R] are the first 3K parameters.
            mixture.probabilities(params, 0, out);
            return;
        }
        conditional(channel, params, coded, scratch);
        mixture.probabilities(scratch, 0, out);
    }

    /** The same distribution as {@link #probabilities}, as the integer edge CDF that is coded with. */
    LogisticMixture.Edges edges(int channel, double[] params, int[] coded, double[] scratch, LogisticMixture.Edges edges) {
        if (channel == 0) {
            return edges.set(params, 0);
        }
        conditional(channel, params, coded, scratch);
        return edges.set(scratch, 0);
    }

    /**
     * Writes the mixture parameters of G given r, or of B given r and g, into {@code scratch[0 .. 3K - 1]}.
     * G's pass also keeps the terms of B's that depend on r only, in the order B's sums take them.
     */
    private void conditional(int channel, double[] params, int[] coded, double[] scratch) {
        int k = components;
        int logitsR = 3 * k;
        int meansG = 4 * k;
        int meansBGivenR = 5 * k;
        int tanhC = 6 * k;
        if (channel == 1) {
            double xr = PixelScale.of(coded[0]);
            for (int i = 0; i < k; i++) {
                double logit = params[i] + logCodedBin(params[MEAN_R * k + i], params[LOG_SCALE_R * k + i], coded[0],
                        scratch, 0, i);
                double meanG = params[MEAN_G * k + i] + StrictMath.tanh(params[COEF_A * k + i]) * xr;
                scratch[i] = logit;
                scratch[k + i] = meanG;
                scratch[2 * k + i] = params[LOG_SCALE_G * k + i];
                scratch[logitsR + i] = logit;
                scratch[meansG + i] = meanG;
                scratch[meansBGivenR + i] = params[MEAN_B * k + i] + StrictMath.tanh(params[COEF_B * k + i]) * xr;
                scratch[tanhC + i] = StrictMath.tanh(params[COEF_C * k + i]);
            }
            return;
        }
        double xg = PixelScale.of(coded[1]);
        for (int i = 0; i < k; i++) {
            scratch[i] = scratch[logitsR + i]
                    + logCodedBin(scratch[meansG + i], params[LOG_SCALE_G * k + i], coded[1], scratch, 1, i);
            scratch[k + i] = scratch[meansBGivenR + i] + scratch[tanhC + i] * xg;
            scratch[2 * k + i] = params[LOG_SCALE_B * k + i];
        }
    }
}
