package org.arcodec.internal.nn;

/** The logistic function, evaluated without overflow and with {@code StrictMath}. */
public final class Sigmoid {
    private Sigmoid() {
    }

    /** {@code 1 / (1 + exp(-a))} for a >= 0, else {@code e / (1 + e)} with {@code e = exp(a)}. */
    public static double of(double a) {
        if (a >= 0) {
            return 1 / (1 + StrictMath.exp(-a));
        }
        double e = StrictMath.exp(a);
        return e / (1 + e);
    }
}
