package org.arcodec.internal.conv;

import org.arcodec.internal.nn.LogisticMixture;
import org.arcodec.internal.nn.PixelScale;

/**
 * The code length of a whole pixel under a logistic-mixture head, -ln p(pixel), and its gradient
 * with respect to the head's P parameters, in double arithmetic with StrictMath, so that encoder
 * and decoder get the same bits. For C = 1 the head is [K logits][K means][K log-scales]; for
 * C = 3 it is the 10K of {@link CoupledMixture}, whose joint is
 * <pre>
 *   p(r, g, b) = sum_k pi_k q(r; mu_R, t_R) q(g; mu_G + tanh(a) x_r, t_G) q(b; mu_B + tanh(b) x_r + tanh(c) x_g, t_B)
 * </pre>
 * with q the logistic's mass of a value's bin ({@link LogisticMixture#binMassAndSlopes}),
 * log-scales t clamped below at -7 (no slope there). With posterior w_k = pi_k m_k / p: dL/d logit_k =
 * pi_k - w_k, and dL/d theta = -w_k d ln m_k / d theta for component k's other parameters. The
 * code length is that of the exact mixture; the coder's integer CDF differs from it by far less
 * than the steps taken on it. Mutable scratch: one per stream and variant.
 */
final class PixelGradient {
    /** A component's bin mass is floored here, so that its log stays finite. */
    private static final double MIN_MASS = 1e-300;

    private final int components;
    private final int channels;
    private final double[] gradient;
    private final double[] logMass;
    /** [channel * K + k]: d ln q / d mean and d ln q / d log-scale of component k's bin. */
    private final double[] meanSlope;
    private final double[] logScaleSlope;
    /** [i * K + k]: tanh of component k's coefficient a, b or c. */
    private final double[] tanh;
    private final double[] posteriors;
    private final double[] priors;
    /** The sum of {@link #priors} of the last {@link #codeLength}. */
    private double priorSum;

    PixelGradient(int components, int channels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("a pixel has 1 or 3 channels here, not " + channels);
        }
        this.components = components;
        this.channels = channels;
        this.gradient = new double[(channels == 1 ? 3 : CoupledMixture.BLOCKS) * components];
        this.logMass = new double[components];
        this.tanh = new double[3 * components];
        this.posteriors = new double[components];
        this.priors = new double[components];
        this.meanSlope = new double[channels * components];
        this.logScaleSlope = new double[channels * components];
    }

    /** dL/d params of the last {@link #codeLength} call; the caller must not change it. */
    double[] gradient() {
        return gradient;
    }

    /** -ln p(pixel) in nats under {@code params}; leaves the gradient in {@link #gradient}. */
    double codeLength(double[] params, int[] pixel) {
        return codeLength(params, pixel, null, null);
    }

    /**
     * {@link #codeLength(double[], int[])}, to the bit, for an RGB pixel that {@code mixture} has
     * just coded under {@code params} with {@code codingScratch}: R's and G's bins come from there
     * ({@link CoupledMixture#codedBin}) instead of being computed again. A null {@code mixture}
     * (a gray head) computes them.
     */
    double codeLength(double[] params, int[] pixel, CoupledMixture mixture, double[] codingScratch) {
        int k = components;
        double xr = PixelScale.of(pixel[0]);
        double xg = channels == 3 ? PixelScale.of(pixel[1]) : 0;
        double maxLogMass = Double.NEGATIVE_INFINITY;
        double maxLogit = Double.NEGATIVE_INFINITY;
        boolean coded = mixture != null;
        for (int j = 0; j < k; j++) {
            double mass = coded ? mixture.codedBin(codingScratch, 0, j, meanSlope, logScaleSlope, j)
                    : binSlopes(params[k + j], params[2 * k + j], pixel[0], j);
            if (channels == 3) {
                for (int i = 0; i < 3; i++) {
                    tanh[i * k + j] = StrictMath.tanh(params[(7 + i) * k + j]);
                }
                mass *= coded ? mixture.codedBin(codingScratch, 1, j, meanSlope, logScaleSlope, k + j)
                        : binSlopes(params[3 * k + j] + tanh[j] * xr, params[4 * k + j], pixel[1], k + j);
                mass *= binSlopes(params[5 * k + j] + tanh[k + j] * xr + tanh[2 * k + j] * xg, params[6 * k + j],
                        pixel[2], 2 * k + j);
            }
            logMass[j] = params[j] + StrictMath.log(Math.max(mass, MIN_MASS));
            maxLogMass = Math.max(maxLogMass, logMass[j]);
            maxLogit = Math.max(maxLogit, params[j]);
        }
        double posteriorSum = 0;
        priorSum = 0;
        for (int j = 0; j < k; j++) {
            posteriors[j] = StrictMath.exp(logMass[j] - maxLogMass);
            posteriorSum += posteriors[j];
            priors[j] = StrictMath.exp(params[j] - maxLogit);
            priorSum += priors[j];
        }
        for (int j = 0; j < k; j++) {
            double posterior = posteriors[j] / posteriorSum;
            gradient[j] = priors[j] / priorSum - posterior;
            gradient[k + j] = -posterior * meanSlope[j];
            gradient[2 * k + j] = -posterior * logScaleSlope[j];
            if (channels == 3) {
                double meanG = -posterior * meanSlope[k + j];
                double meanB = -posterior * meanSlope[2 * k + j];
                gradient[3 * k + j] = meanG;
                gradient[4 * k + j] = -posterior * logScaleSlope[k + j];
                gradient[5 * k + j] = meanB;
                gradient[6 * k + j] = -posterior * logScaleSlope[2 * k + j];
                double a = tanh[j];
                double b = tanh[k + j];
                double c = tanh[2 * k + j];
                gradient[7 * k + j] = meanG * (1 - a * a) * xr;
                gradient[8 * k + j] = meanB * (1 - b * b) * xr;
                gradient[9 * k + j] = meanB * (1 - c * c) * xg;
            }
        }
        return maxLogit + StrictMath.log(priorSum) - maxLogMass - StrictMath.log(posteriorSum);
    }

    /**
     * The mean of sample {@code channel} of {@code pixel} under {@code params}, on the [-1, 1]
     * scale, weighing the components by the mixture's weights pi_k (G's and B's means take the
     * terms of the pixel's r and g, as in coding); only after {@link #codeLength} of the same
     * parameters and pixel, whose weights and tanh values it reuses.
     */
    double expectedValue(double[] params, int[] pixel, int channel) {
        int k = components;
        double xr = PixelScale.of(pixel[0]);
        double xg = channels == 3 ? PixelScale.of(pixel[1]) : 0;
        double sum = 0;
        for (int j = 0; j < k; j++) {
            double mean = switch (channel) {
                case 0 -> params[k + j];
                case 1 -> params[3 * k + j] + tanh[j] * xr;
                default -> params[5 * k + j] + tanh[k + j] * xr + tanh[2 * k + j] * xg;
            };
            sum += priors[j] * mean;
        }
        return sum / priorSum;
    }

    /** {@link LogisticMixture#binMassAndSlopes} into this pixel's slope arrays at {@code at}. */
    private double binSlopes(double mean, double logScale, int value, int at) {
        return LogisticMixture.binMassAndSlopes(mean, logScale, value, meanSlope, at, logScaleSlope, at);
    }
}
