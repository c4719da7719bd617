package org.arcodec.internal.conv;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * ELU and the sigmoid gate over arrays with the Vector API, bit for bit the scalar definitions
 * {@code x > 0 ? x : (float) StrictMath.expm1(x)} ({@link ConvModel#elu}) and
 * {@code a * (float) (1.0 / (1.0 + StrictMath.exp(-x)))} ({@link ConvModel#sigmoid}).
 *
 * <p>Each lane computes, in double and with Java's exact-by-specification arithmetic only, an
 * approximation d of the function: 2^n e^r with x = n ln2 + r, |r| &lt;= ln2/2 and e^r to r^11/11!
 * for exp; for expm1 that minus 1, or for |x| &lt; 2^-10 its Taylor series to x^5/5!. Both are
 * within 1e-12 of the true value (relative). fdlibm's expm1 and exp are within one double ulp of
 * the true value. Where no float rounding boundary lies within {@link #MARGIN} (relative) of d, the
 * true value, the definition's and d all round to the same float, which the lane returns. Lanes
 * near a boundary (about one in 2,400 for normally distributed inputs of deviation 4: the margin
 * is 2^-12 of a float's half ulp), outside [-64, 64] (for ELU also |x| &lt; 2^-30), or NaN, take
 * the scalar definition. {@code VectorActivationsExhaustiveTest} compares every float.
 */
final class VectorActivations {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> F = VectorSpecies.of(float.class, VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED.withShape(D.vectorShape());
    private static final int LANES = D.length();
    private static final double LN2 = StrictMath.log(2);
    private static final double INV_LN2 = 1 / LN2;
    /** Adding and subtracting it rounds a double of magnitude below 2^51 to an integer. */
    private static final double ROUNDER = 0x1.8p52;
    private static final double SERIES = 0x1p-10;
    private static final double MARGIN = 0x1p-36;
    /** 1/10!, 1/9!, ..., 1/1!, 1/0!: Horner's coefficients of e^r after 1/11!. */
    private static final double[] INVERSE_FACTORIALS = {1.0 / 3628800, 1.0 / 362880, 1.0 / 40320, 1.0 / 5040,
        1.0 / 720, 1.0 / 120, 1.0 / 24, 1.0 / 6, 0.5, 1.0, 1.0};

    /** The functions of {@link #lanes}. */
    private static final int ELU = 0;
    private static final int CONCAT_ELU = 1;
    private static final int SIGMOID_GATE = 2;

    private VectorActivations() {
    }

    /** Calls of each function the class makes on itself before any caller's (see the static block). */
    static final int PROFILING_CALLS = 1000;

    // HotSpot's C2 compiles a branch that the profile never saw taken as a trap. The StrictMath
    // fallback of lanes takes about one lane in 2,400, so a call of 32 to 64 values meets it about
    // once in 40 to 75 calls; runs deoptimised lanes up to a few times, back to C1 code, in which
    // the Vector API is many times slower, for up to 0.8 s each time (docs/CONVNETS.md, "Warm-up").
    // Calls whose inputs take every path (a NaN lane, a scalar tail) before C2 compiles lanes put
    // every branch in its profile.
    static {
        float[] src = new float[3 * LANES + 1];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i % 7 - 3) * 0.75f;
        }
        src[1] = Float.NaN;
        float[] dst = new float[2 * src.length];
        for (int call = 0; call < PROFILING_CALLS; call++) {
            lanes(ELU, src, 0, 0, dst, 0, src.length);
            lanes(CONCAT_ELU, src, 0, 0, dst, 0, src.length);
            lanes(SIGMOID_GATE, src, 0, 0, dst, 0, src.length);
        }
    }

    /** {@code dst[d + i] = elu(src[s + i])} for i < count. */
    static void elu(float[] src, int s, float[] dst, int d, int count) {
        lanes(ELU, src, s, 0, dst, d, count);
    }

    /** {@code dst[d + i] = elu(src[s + i])} and {@code dst[d + count + i] = elu(-src[s + i])} for i < count. */
    static void concatElu(float[] src, int s, float[] dst, int d, int count) {
        lanes(CONCAT_ELU, src, s, 0, dst, d, count);
    }

    /** {@code dst[d + i] = src[a + i] * sigmoid(src[g + i])} for i < count ({@link ConvModel#sigmoid}). */
    static void sigmoidGate(float[] src, int a, int g, float[] dst, int d, int count) {
        lanes(SIGMOID_GATE, src, g, a, dst, d, count);
    }

    /**
     * The functions in one loop, x = src[s + i]: ELU of x; ELU of x and of -x, from one expm1
     * of -|x| (for x &gt; 0, elu(x) = x and elu(-x) = expm1(-|x|); for x &lt; 0, the other way
     * round); or src[a + i] times the sigmoid of x. One method with no vector-valued calls, because HotSpot boxes a vector passed
     * to or returned from a method it has not inlined, and it declined to inline such helpers here
     * ("too big"), which allocated on every call.
     */
    private static void lanes(int function, float[] src, int s, int a, float[] dst, int d, int count) {
        boolean sigmoid = function == SIGMOID_GATE;
        int i = 0;
        for (; i + LANES <= count; i += LANES) {
            FloatVector xf = FloatVector.fromArray(F, src, s + i);
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            // e^z = 2^n e^r with z = n ln2 + r, n = rint(z / ln2) by the rounding constant;
            // z = -x for the sigmoid, x for ELU, -|x| for both ELUs.
            DoubleVector z = sigmoid ? x.neg() : function == CONCAT_ELU ? x.abs().neg() : x;
            DoubleVector n = z.mul(INV_LN2).add(ROUNDER).sub(ROUNDER);
            DoubleVector r = z.sub(n.mul(LN2));
            DoubleVector q = DoubleVector.broadcast(D, 1.0 / 39916800);
            for (double c : INVERSE_FACTORIALS) {
                q = q.mul(r).add(c);
            }
            DoubleVector exp = ((LongVector) n.convert(VectorOperators.D2L, 0)).add(1023)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles().mul(q);
            DoubleVector v;
            if (sigmoid) {
                v = DoubleVector.broadcast(D, 1.0).div(exp.add(1.0));
            } else {
                // expm1: e^z - 1, or near 0 the series z + z^2/2! + ... + z^5/5!.
                DoubleVector p = DoubleVector.broadcast(D, 1.0 / 120).mul(z).add(1.0 / 24);
                p = p.mul(z).add(1.0 / 6);
                p = p.mul(z).add(0.5);
                p = p.mul(z).add(1.0);
                v = exp.sub(1.0).blend(p.mul(z), z.compare(VectorOperators.GT, -SERIES));
            }
            FloatVector f = (FloatVector) v.convertShape(VectorOperators.D2F, F, 0);
            // How far v is from the rounding boundary it would cross to round to another float
            // than f: half an ulp of f, or a quarter on the side of smaller magnitude when f is a
            // power of two. Valid for normal f of magnitude at least 2^-100 (the lanes kept).
            DoubleVector back = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector diff = v.sub(back);
            LongVector bits = (LongVector) f.reinterpretAsInts().convertShape(VectorOperators.I2L, L, 0);
            // ulp(f)/2 = 2^(e - 24), e the unbiased exponent: a double with exponent field e - 24 + 1023.
            DoubleVector half = bits.and(0x7F800000L).lanewise(VectorOperators.LSHR, 23).add(1023 - 127 - 24)
                    .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            VectorMask<Double> powerOfTwo = bits.and(0x7FFFFFL).compare(VectorOperators.EQ, 0L).cast(D);
            VectorMask<Double> negative = back.compare(VectorOperators.LT, 0.0);
            VectorMask<Double> towardZero = diff.compare(VectorOperators.GT, 0.0).and(negative)
                    .or(diff.compare(VectorOperators.LT, 0.0).and(negative.not()));
            DoubleVector room = half.blend(half.mul(0.5), powerOfTwo.and(towardZero)).sub(diff.abs());
            VectorMask<Double> settled;
            if (sigmoid) {
                settled = x.compare(VectorOperators.GE, -64.0).and(x.compare(VectorOperators.LE, 64.0))
                        .and(room.compare(VectorOperators.GT, v.mul(MARGIN)));
                FloatVector.fromArray(F, src, a + i).mul(f).intoArray(dst, d + i);
            } else {
                VectorMask<Double> positive = x.compare(VectorOperators.GT, 0.0);
                settled = z.compare(VectorOperators.LT, -0x1p-30).and(z.compare(VectorOperators.GE, -64.0))
                        .and(room.compare(VectorOperators.GT, v.abs().mul(MARGIN)));
                f.blend(xf, positive.cast(F)).intoArray(dst, d + i);
                if (function == CONCAT_ELU) {
                    f.blend(xf.neg(), x.compare(VectorOperators.LT, 0.0).cast(F)).intoArray(dst, d + count + i);
                } else {
                    settled = settled.or(positive);
                }
            }
            if (!settled.allTrue()) {
                for (int k = 0; k < LANES; k++) {
                    if (!settled.laneIsSet(k)) {
                        scalar(function, src, s + i + k, a + i + k, dst, d + i + k, count);
                    }
                }
            }
        }
        for (; i < count; i++) {
            scalar(function, src, s + i, a + i, dst, d + i, count);
        }
    }

    /** One position by the definitions: dst[at], and for both ELUs dst[at + count]. */
    private static void scalar(int function, float[] src, int x, int gate, float[] dst, int at, int count) {
        switch (function) {
            case ELU -> dst[at] = ConvModel.elu(src[x]);
            case CONCAT_ELU -> {
                dst[at] = ConvModel.elu(src[x]);
                dst[at + count] = ConvModel.elu(-src[x]);
            }
            default -> dst[at] = src[gate] * ConvModel.sigmoid(src[x]);
        }
    }
}
