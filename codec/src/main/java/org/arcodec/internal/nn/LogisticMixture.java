package org.arcodec.internal.nn;

/**
 * The discretised mixture of logistics of PixelCNN++: P = 3K parameters per sample, K mixture
 * logits, then K means, then K log-scales, all on the [-1, 1] scale of {@link PixelScale}.
 *
 * <p>Value v owns the interval between the edges {@code e_{v-1}} and {@code e_v}, with
 * {@code e_v = (2v + 1 - 255) / 255} halfway between v and v + 1; the edge bins 0 and 255 reach to
 * minus and plus infinity, so they take the tails. Per component, with
 * {@code z_v = (e_v - mu) / s}:
 * <pre>
 *   p(0)   = sigmoid(z_0)
 *   p(v)   = sigmoid(z_v) - sigmoid(z_{v-1})          (0 < v < 255)
 *          = sigmoid(z_v) * sigmoid(-z_{v-1}) * (1 - exp(-w)),   w = z_v - z_{v-1} = (2/255) / s
 *   p(255) = 1 - sigmoid(z_254) = sigmoid(-z_254)
 * </pre>
 * The product form is what is evaluated: a difference of two sigmoids near 0 or near 1 cancels
 * and can even reach zero where the true mass is merely small, while each factor here keeps full
 * relative precision ({@code 1 - exp(-w)} through {@code expm1}). Each edge costs one {@code exp}:
 * {@code sigmoid(z)} and {@code sigmoid(-z)} both come from {@code exp(-|z|)}.
 */
public final class LogisticMixture implements OutputHead {
    static final String SPEC_PREFIX = "logistic_mixture:";
    static final int MAX_COMPONENTS = 1024;
    /** Log-scales are clamped from below: s >= exp(-7), about 1/1100 of the [-1, 1] range. */
    static final double MIN_LOG_SCALE = -7;
    /** Width of one value's bin on the [-1, 1] scale. */
    private static final double BIN_WIDTH = 2.0 / 255;
    /** {@code StrictMath.exp(-x)} is exactly 0 for every x above this. */
    private static final double EXP_UNDERFLOW = 746;
    /** {@code EDGES[v]}: the edge between values v and v + 1. */
    private static final double[] EDGES = new double[VALUES - 1];

    static {
        for (int v = 0; v < EDGES.length; v++) {
            EDGES[v] = (2 * v + 1 - 255) / 255.0;
        }
    }

    private final int components;

    public LogisticMixture(int components) {
        if (components < 1 || components > MAX_COMPONENTS) {
            throw new IllegalArgumentException("components must be in [1, " + MAX_COMPONENTS + "], got " + components);
        }
        this.components = components;
    }

    public int components() {
        return components;
    }

    @Override
    public int parameters() {
        return 3 * components;
    }

    @Override
    public String spec() {
        return SPEC_PREFIX + components;
    }

    @Override
    public void probabilities(double[] params, int offset, double[] out) {
        int k0 = offset;
        int mu0 = offset + components;
        int logScale0 = offset + 2 * components;
        // Mixture weights: softmax of the logits with the maximum subtracted, so every exp is in
        // (0, 1] and the sum in [1, K].
        double maxLogit = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < components; k++) {
            maxLogit = Math.max(maxLogit, params[k0 + k]);
        }
        double weightSum = 0;
        for (int k = 0; k < components; k++) {
            weightSum += StrictMath.exp(params[k0 + k] - maxLogit);
        }
        java.util.Arrays.fill(out, 0, VALUES, 0.0);
        for (int k = 0; k < components; k++) {
            double weight = StrictMath.exp(params[k0 + k] - maxLogit) / weightSum;
            if (weight == 0) {
                continue; // adds exactly nothing
            }
            double mu = params[mu0 + k];
            // 1/s = exp(-t) with t >= -7, so 1/s <= e^7; a huge t makes 1/s zero, never NaN.
            double invScale = StrictMath.exp(-Math.max(params[logScale0 + k], MIN_LOG_SCALE));
            double binMass = -StrictMath.expm1(-BIN_WIDTH * invScale);
            double abovePrevious = 0; // sigmoid(-z_{v-1}): the mass above the previous edge
            for (int v = 0; v < EDGES.length; v++) {
                double z = (EDGES[v] - mu) * invScale;
                double abs = Math.abs(z);
                // exp underflows to exactly 0 below -745.14 (fdlibm's threshold), so skipping
                // the call there changes no result.
                double e = abs > EXP_UNDERFLOW ? 0 : StrictMath.exp(-abs);
                double near = 1 / (1 + e);   // sigmoid(|z|)
                double far = e * near;        // sigmoid(-|z|)
                double below = z >= 0 ? near : far;  // sigmoid(z): the mass below edge v
                double above = z >= 0 ? far : near;  // sigmoid(-z): the mass above edge v
                out[v] += weight * (v == 0 ? below : below * abovePrevious * binMass);
                abovePrevious = above;
            }
            out[VALUES - 1] += weight * abovePrevious;
        }
        for (int v = 0; v < VALUES; v++) {
            out[v] = Math.max(out[v], MIN_PROBABILITY);
        }
    }

    /**
     * {@code log p(v)} of one logistic with mean {@code mu} and log-scale {@code logScale}: the
     * natural log of what {@link #probabilities} gives value v for a single component (weight 1),
     * floored at {@link #MIN_PROBABILITY} as there. The same bin formula, evaluated for one
     * value: the channel coupling of {@code org.arcodec.internal.conv.CoupledMixture} weighs
     * components by how well they explained the samples already coded.
     */
    public static double logComponentMass(double mu, double logScale, int value) {
        double invScale = StrictMath.exp(-Math.max(logScale, MIN_LOG_SCALE));
        double mass;
        if (value == 0) {
            mass = sigmoid((EDGES[0] - mu) * invScale);
        } else if (value == VALUES - 1) {
            mass = sigmoid(-((EDGES[VALUES - 2] - mu) * invScale));
        } else {
            double binMass = -StrictMath.expm1(-BIN_WIDTH * invScale);
            double below = sigmoid((EDGES[value] - mu) * invScale);
            double abovePrevious = sigmoid(-((EDGES[value - 1] - mu) * invScale));
            mass = below * abovePrevious * binMass;
        }
        return StrictMath.log(Math.max(mass, MIN_PROBABILITY));
    }

    /** sigmoid(z) from {@code exp(-|z|)}, as each edge of {@link #probabilities} takes it. */
    private static double sigmoid(double z) {
        double abs = Math.abs(z);
        double e = abs > EXP_UNDERFLOW ? 0 : StrictMath.exp(-abs);
        double near = 1 / (1 + e);
        return z >= 0 ? near : e * near;
    }
}
