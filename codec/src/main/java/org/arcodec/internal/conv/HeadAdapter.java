package org.arcodec.internal.conv;

import java.util.Arrays;

/**
 * A correction of the network's output layer learnt while the image is coded (docs/CONVNETS.md,
 * "Learnt output layer"): the first N of the head's parameters get {@code A h + c} added, h being
 * the D features the output layer reads at the pixel. A and c start at 0, and after each pixel
 * take one RMSprop step on the pixel's code length L ({@link PixelGradient}), for j over the
 * (D + 1) N weights (h_D = 1 for c):
 * <pre>
 *   u_j = clamp(dL/dparam_i, -4, 4) h_d          j = d N + i
 *   s_j = 0.999 s_j + (1 - 0.999) u_j u_j
 *   w_j = w_j - rate u_j / (sqrt(s_j) + 0.001)
 * </pre>
 * in float (the gradient is double, rounded to float once clamped; sqrt is the double sqrt of the
 * float rounded to float, which is the correctly rounded float sqrt), in that order of
 * operations. The correction of a pixel is {@code sum_d w_(dN+i) h_d} in float, added over
 * d = 0..D in order from 0, then to the double parameter. Every loop is element-wise, so the JIT
 * may vectorise it without changing a bit. Float, not double, for speed (docs/CONVNETS.md, "Learnt
 * output layer"). Mutable: one per stream and variant.
 */
final class HeadAdapter {
    static final double MAX_SLOPE = 4;
    static final float DECAY = 0.999f;
    static final float EPSILON = 1e-3f;

    private final int adapted;
    private final int features;
    private final float rate;
    private final PixelGradient gradient;
    /** {@code [d * N + i]}: weight of feature d (d = D: the bias) in parameter i. */
    private final float[] weights;
    private final float[] squares;
    private final float[] slopes;
    /** The features of the pixel being coded, then 1. */
    private final float[] h;
    private final float[] correction;

    /** Corrects parameters 0..adapted-1 from {@code features} features, learning at {@code rate}. */
    HeadAdapter(int adapted, int features, PixelGradient gradient, double rate) {
        this.adapted = adapted;
        this.features = features;
        this.rate = (float) rate;
        this.gradient = gradient;
        int weightCount = (features + 1) * adapted;
        this.weights = new float[weightCount];
        this.squares = new float[weightCount];
        this.slopes = new float[weightCount];
        this.h = new float[features + 1];
        this.correction = new float[adapted];
    }

    /**
     * Adds the correction to {@code p[0 .. N - 1]}, reading the pixel's features from
     * {@code data[from .. from + D - 1]}, which it keeps for {@link #learn}.
     */
    void shift(double[] p, float[] data, int from) {
        for (int d = 0; d < features; d++) {
            h[d] = data[from + d];
        }
        h[features] = 1;
        Arrays.fill(correction, 0f);
        for (int d = 0; d <= features; d++) {
            float hd = h[d];
            int row = d * adapted;
            for (int i = 0; i < adapted; i++) {
                correction[i] += weights[row + i] * hd;
            }
        }
        for (int i = 0; i < adapted; i++) {
            p[i] += correction[i];
        }
    }

    /** One step on the code length of {@code pixel} under {@code p}, the parameters it was coded with. */
    void learn(double[] p, int[] pixel) {
        learn(p, pixel, null, null);
    }

    /**
     * {@link #learn(double[], int[])} for an RGB pixel that {@code mixture} has just coded under
     * {@code p} with {@code codingScratch}, whose R and G bins the gradient takes from there
     * ({@link PixelGradient#codeLength(double[], int[], CoupledMixture, double[])}); the same bits.
     */
    void learn(double[] p, int[] pixel, CoupledMixture mixture, double[] codingScratch) {
        gradient.codeLength(p, pixel, mixture, codingScratch);
        double[] g = gradient.gradient();
        for (int i = 0; i < adapted; i++) {
            correction[i] = (float) clamp(g[i], MAX_SLOPE);   // the slopes, reusing the array
        }
        for (int d = 0; d <= features; d++) {
            float hd = h[d];
            int row = d * adapted;
            for (int i = 0; i < adapted; i++) {
                slopes[row + i] = correction[i] * hd;
            }
        }
        int n = weights.length;
        for (int j = 0; j < n; j++) {
            float u = slopes[j];
            float s = DECAY * squares[j] + (1 - DECAY) * u * u;
            squares[j] = s;
            weights[j] -= rate * u / ((float) Math.sqrt(s) + EPSILON);
        }
    }

    private static double clamp(double x, double limit) {
        return x > limit ? limit : x < -limit ? -limit : x;
    }

    /** The code length and gradient of the pixel the last {@link #learn} stepped on. */
    PixelGradient pixelGradient() {
        return gradient;
    }

    /** The correction the last {@link #shift} added. */
    float[] correction() {
        return correction.clone();
    }
}
