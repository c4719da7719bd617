package org.arcodec.internal.nn;

import org.arcodec.model.QuantizedCdf;

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
 *
 * <p>{@link Edges} is the form the convolutional models code with: the mixture's CDF in integers,
 * evaluated only at the edges the coder asks for (see there).
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

    /** A new, reusable integer edge CDF of this mixture; {@link Edges#set} gives it parameters. */
    public Edges edges() {
        return new Edges();
    }

    @Override
    public void probabilities(double[] params, int offset, double[] out) {
        int mu0 = offset + components;
        int logScale0 = offset + 2 * components;
        double maxLogit = maxLogit(params, offset);
        double weightSum = expSum(params, offset, maxLogit);
        java.util.Arrays.fill(out, 0, VALUES, 0.0);
        for (int k = 0; k < components; k++) {
            double weight = StrictMath.exp(params[offset + k] - maxLogit) / weightSum;
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

    /*
     * The mixture weights are the softmax of the K logits at offset, exp(logit_k - max) / sum,
     * with the maximum subtracted so that every exp is in (0, 1] and their sum in [1, K], the exps
     * added in component order. The edge form keeps the exps in its weight array; the table form,
     * which has no array of its own and runs once per sample, takes max and sum from these two
     * helpers and evaluates each exp again (K more calls beside its 255 K).
     */
    private double maxLogit(double[] params, int offset) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < components; k++) {
            max = Math.max(max, params[offset + k]);
        }
        return max;
    }

    private double expSum(double[] params, int offset, double maxLogit) {
        double sum = 0;
        for (int k = 0; k < components; k++) {
            sum += StrictMath.exp(params[offset + k] - maxLogit);
        }
        return sum;
    }

    /**
     * ln of one logistic's bin mass from {@link #binMassAndSlopes}, floored at
     * {@link #MIN_PROBABILITY}: the natural log of what {@link #probabilities} gives the value
     * for a single component (weight 1), to the bit, as the same factors are multiplied in the
     * same order. The channel coupling of {@code org.arcodec.internal.conv.CoupledMixture} weighs
     * components by how well they explained the samples already coded.
     */
    public static double logOfMass(double mass) {
        return StrictMath.log(Math.max(mass, MIN_PROBABILITY));
    }

    /** One logistic's mass of {@code value}, by the product form of {@link #probabilities}. */
    private static double componentMass(double mu, double invScale, int value) {
        if (value == 0) {
            return sigmoid((EDGES[0] - mu) * invScale);
        }
        if (value == VALUES - 1) {
            return sigmoid(-((EDGES[VALUES - 2] - mu) * invScale));
        }
        double binMass = -StrictMath.expm1(-BIN_WIDTH * invScale);
        double below = sigmoid((EDGES[value] - mu) * invScale);
        double abovePrevious = sigmoid(-((EDGES[value - 1] - mu) * invScale));
        return below * abovePrevious * binMass;
    }

    /**
     * One logistic's mass q of {@code value}'s bin, by the product form of {@link #probabilities}
     * (not floored), with d ln q / d mu into {@code meanSlope[meanAt]} and d ln q / d logScale into
     * {@code logScaleSlope[logScaleAt]}: with z = (e - mu) / s, dz/d mu = -1/s and dz/d logScale = -z;
     * d ln sigmoid(z) / dz = sigmoid(-z); the bin factor 1 - exp(-w), w = (2/255) / s, adds
     * -w exp(-w) / (1 - exp(-w)) to the log-scale slope. A log-scale below {@link #MIN_LOG_SCALE}
     * has slope 0.
     */
    public static double binMassAndSlopes(double mu, double logScale, int value, double[] meanSlope, int meanAt,
                                          double[] logScaleSlope, int logScaleAt) {
        double invScale = StrictMath.exp(-Math.max(logScale, MIN_LOG_SCALE));
        double mass = 1;
        double dMean = 0;
        double dLogScale = 0;
        if (value < VALUES - 1) {
            double z = (EDGES[value] - mu) * invScale;
            double e = expOfMinusAbs(z);
            double near = 1 / (1 + e);           // sigmoid(|z|)
            double far = e * near;               // sigmoid(-|z|)
            double above = z >= 0 ? far : near;  // sigmoid(-z)
            mass *= z >= 0 ? near : far;         // sigmoid(z)
            dMean -= invScale * above;
            dLogScale -= z * above;
        }
        if (value > 0) {
            double z = (EDGES[value - 1] - mu) * invScale;
            double e = expOfMinusAbs(z);
            double near = 1 / (1 + e);
            double far = e * near;
            double below = z >= 0 ? near : far;  // sigmoid(z)
            mass *= z >= 0 ? far : near;         // sigmoid(-z)
            dMean += invScale * below;
            dLogScale += z * below;
        }
        if (value > 0 && value < VALUES - 1) {
            double w = BIN_WIDTH * invScale;
            double binMass = -StrictMath.expm1(-w);
            mass *= binMass;
            dLogScale -= w * (1 - binMass) / binMass;
        }
        meanSlope[meanAt] = dMean;
        logScaleSlope[logScaleAt] = logScale < MIN_LOG_SCALE ? 0 : dLogScale;
        return mass;
    }

    /** sigmoid(z) from {@code exp(-|z|)}, as each edge of {@link #probabilities} takes it. */
    private static double sigmoid(double z) {
        double abs = Math.abs(z);
        double e = abs > EXP_UNDERFLOW ? 0 : StrictMath.exp(-abs);
        double near = 1 / (1 + e);
        return z >= 0 ? near : e * near;
    }

    /** {@code exp(-|z|)}, exactly 0 where it underflows, as {@link #sigmoid} takes it. */
    private static double expOfMinusAbs(double z) {
        double abs = Math.abs(z);
        return abs > EXP_UNDERFLOW ? 0 : StrictMath.exp(-abs);
    }

    /**
     * The mixture's CDF at the edges as an integer {@link QuantizedCdf.EdgeCdf}, so that the
     * coder evaluates about log2(256) edges per sample instead of 255 edges times K components:
     * <pre>
     *   F(v) = floor(sum_k W_k S(z_kv) / 2^30)          z_kv = (e_v - mu_k) / s_k
     * </pre>
     * W_k: the softmax weights floored to multiples of 2^-32, the remainder to the heaviest
     * component, so they sum to exactly 2^32. S: the logistic on the scale 2^30, read from a
     * table at steps of 1/256 over |z| < 24 with linear interpolation in integers, 0 below and
     * 2^30 above. z is computed in double as in
     * {@link #probabilities}; z * 2^16 is floored to an integer before the table is read. Every
     * step after z is monotone, so F never decreases, and everything after z is integer, so
     * equal parameters give equal F everywhere. The table interpolation errs by under 2^-21;
     * the coded size moves by well under 0.1% against {@link #probabilities} (a test measures it).
     */
    public final class Edges implements QuantizedCdf.EdgeCdf {
        private Edges() {
        }

        private final long[] weights = new long[components];
        /** The weights before they were floored, for {@link #probability}. */
        private final double[] exactWeights = new double[components];
        private final double[] means = new double[components];
        private final double[] inverseScales = new double[components];
        /** Whether a component's log-scale was below {@link #MIN_LOG_SCALE}, so that a small offset leaves it there. */
        private final boolean[] clamped = new boolean[components];
        private int used;
        private final int[] order = new int[components];
        /** The value at the heaviest component's mean, where the decoder's search starts. */
        private int likely;

        /** Takes the parameters [K logits][K means][K log-scales] at {@code offset}. */
        public Edges set(double[] params, int offset) {
            double maxLogit = maxLogit(params, offset);
            double sum = 0;
            for (int k = 0; k < components; k++) {
                exactWeights[k] = StrictMath.exp(params[offset + k] - maxLogit);
                sum += exactWeights[k];
            }
            long assigned = 0;
            int heaviest = 0;
            for (int k = 0; k < components; k++) {
                exactWeights[k] /= sum;
                weights[k] = (long) (exactWeights[k] * WEIGHT_ONE);
                assigned += weights[k];
                if (weights[k] > weights[heaviest]) {
                    heaviest = k;
                }
            }
            weights[heaviest] += WEIGHT_ONE - assigned;
            double mean = params[offset + components + heaviest];
            likely = (int) Math.max(0, Math.min(VALUES - 1, Math.round((mean + 1) * 127.5)));
            used = 0;
            for (int k = 0; k < components; k++) {
                means[k] = params[offset + components + k];
                double logScale = params[offset + 2 * components + k];
                clamped[k] = logScale < MIN_LOG_SCALE;
                inverseScales[k] = StrictMath.exp(-Math.max(logScale, MIN_LOG_SCALE));
                if (weights[k] != 0) {
                    order[used++] = k;
                }
            }
            return this;
        }

        @Override
        public long below(int edge) {
            double e = EDGES[edge];
            long sum = 0;
            for (int i = 0; i < used; i++) {
                int k = order[i];
                sum += weights[k] * fixedSigmoid((e - means[k]) * inverseScales[k]);
            }
            return sum >>> (WEIGHT_BITS + SIGMOID_BITS - 32);
        }

        @Override
        public int likelySymbol() {
            return likely;
        }

        /** The exact mixture's probability of {@code value}, as {@link #probabilities} has it. */
        @Override
        public double probability(int value, int alphabetSize) {
            double p = 0;
            for (int k = 0; k < components; k++) {
                if (exactWeights[k] != 0) {
                    p += exactWeights[k] * componentMass(means[k], inverseScales[k], value);
                }
            }
            return p;
        }

        /**
         * d(-ln p(value)) / d(delta) when every component's scale s becomes s e^delta, at
         * delta = 0, in the exact mixture's double arithmetic: negative where wider logistics
         * would have given {@code value} more mass. With z = (e - mu) / s, dz/d(delta) = -z, so an
         * edge's sigmoid(z) moves by -z sigmoid(z) sigmoid(-z); the edges at minus and plus
         * infinity do not move, nor do components whose scale is at its floor. p is the product
         * form of {@link #probabilities}, floored as there.
         */
        /**
         * d(-ln p(value)) / d(beta) when every component's mean mu becomes mu + beta, at beta = 0,
         * as {@link #logScaleSlope} takes it: dz/d(beta) = -1/s, so an edge's sigmoid(z) moves by
         * -sigmoid(z) sigmoid(-z) / s; the edges at minus and plus infinity do not move.
         */
        public double meanSlope(int value) {
            slopes(value);
            return meanSlope;
        }

        /**
         * d(-ln p(value)) / d(delta) when every component's scale s becomes s e^delta, at
         * delta = 0, in the exact mixture's double arithmetic: negative where wider logistics
         * would have given {@code value} more mass. With z = (e - mu) / s, dz/d(delta) = -z, so an
         * edge's sigmoid(z) moves by -z sigmoid(z) sigmoid(-z); the edges at minus and plus
         * infinity do not move, nor do components whose scale is at its floor. p is the product
         * form of {@link #probabilities}, floored as there.
         */
        public double logScaleSlope(int value) {
            slopes(value);
            return logScaleSlope;
        }

        private double logScaleSlope;
        private double meanSlope;

        /**
         * {@link #meanSlope} of the value the last {@link #logScaleSlope} call was given, which
         * computed both: a caller that wants both pays for one pass.
         */
        public double meanSlopeOfLastValue() {
            return meanSlope;
        }

        /** Both slopes of {@code value} from one pass over the components (one exp per edge). */
        private void slopes(int value) {
            double p = 0;
            double dpScale = 0;
            double dpMean = 0;
            for (int i = 0; i < used; i++) {
                int k = order[i];
                double mass = 1;
                double scaleSlope = 0;
                double meanSlope = 0;
                if (value < VALUES - 1) {
                    double z = (EDGES[value] - means[k]) * inverseScales[k];
                    double e = expOfMinusAbs(z);
                    double near = 1 / (1 + e);   // sigmoid(|z|)
                    double far = e * near;        // sigmoid(-|z|)
                    mass *= z >= 0 ? near : far;  // sigmoid(z)
                    scaleSlope -= z * near * far;
                    meanSlope -= inverseScales[k] * near * far;
                }
                if (value > 0) {
                    double z = (EDGES[value - 1] - means[k]) * inverseScales[k];
                    double e = expOfMinusAbs(z);
                    double near = 1 / (1 + e);
                    double far = e * near;
                    mass *= z >= 0 ? far : near;  // sigmoid(-z)
                    scaleSlope += z * near * far;
                    meanSlope += inverseScales[k] * near * far;
                }
                if (value > 0 && value < VALUES - 1) {
                    mass *= -StrictMath.expm1(-BIN_WIDTH * inverseScales[k]);
                }
                p += exactWeights[k] * mass;
                if (!clamped[k]) {
                    dpScale += exactWeights[k] * scaleSlope;
                }
                dpMean += exactWeights[k] * meanSlope;
            }
            double floored = Math.max(p, MIN_PROBABILITY);
            logScaleSlope = -dpScale / floored;
            meanSlope = -dpMean / floored;
        }
    }

    /**
     * Bits of the integer mixture weights: they sum to 2^WEIGHT_BITS. As fine as a long allows,
     * since a light component can own a tail value's mass: 2^-20 cost a 0/255 pixel 2.6%.
     */
    static final int WEIGHT_BITS = 32;
    private static final long WEIGHT_ONE = 1L << WEIGHT_BITS;
    /** The integer logistic is on the scale 2^SIGMOID_BITS: sum_k W_k S_k <= 2^32 2^30 fits a long. */
    static final int SIGMOID_BITS = 30;
    /** Table steps per unit of z, and the reach of the table: |z| < Z_REACH. */
    private static final int STEPS = 256;
    private static final int Z_REACH = 24;
    /** {@code SIGMOID[j] = round(2^30 sigmoid(j / 256 - 24))}, j = 0 .. 2 * 24 * 256. */
    private static final long[] SIGMOID = new long[2 * Z_REACH * STEPS + 1];

    static {
        for (int j = 0; j < SIGMOID.length; j++) {
            SIGMOID[j] = Math.round(Sigmoid.of((double) j / STEPS - Z_REACH) * (1L << SIGMOID_BITS));
            if (j > 0 && SIGMOID[j] < SIGMOID[j - 1]) {
                throw new AssertionError("the logistic table decreases at " + j);
            }
        }
    }

    /** The logistic of z on the scale 2^SIGMOID_BITS: monotone in z, integer after z * 2^16 is floored. */
    static long fixedSigmoid(double z) {
        double t = (z + Z_REACH) * STEPS;
        if (!(t > 0)) {
            return 0; // also NaN
        }
        if (t >= SIGMOID.length - 1) {
            return 1L << SIGMOID_BITS;
        }
        long fixed = (long) (t * 65536);
        int j = (int) (fixed >>> 16);
        long fraction = fixed & 0xFFFF;
        return SIGMOID[j] + (((SIGMOID[j + 1] - SIGMOID[j]) * fraction) >>> 16);
    }
}
