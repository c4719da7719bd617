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
 * near a boundary (about one in ten million), outside [-64, 64] (for ELU also |x| &lt; 2^-30), or
 * NaN, take the scalar definition. {@code VectorActivationsExhaustiveTest} compares every float.
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

    private VectorActivations() {
    }

    /** {@code dst[d + i] = elu(sign * src[s + i])} for i < count; sign is 1 or -1. */
    static void elu(float[] src, int s, float[] dst, int d, int count, float sign) {
        int i = 0;
        for (; i + LANES <= count; i += LANES) {
            FloatVector xf = FloatVector.fromArray(F, src, s + i).mul(sign);
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector e = expm1(x);
            FloatVector f = (FloatVector) e.convertShape(VectorOperators.D2F, F, 0);
            DoubleVector back = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
            VectorMask<Double> exact = x.compare(VectorOperators.LT, -0x1p-30)
                    .and(x.compare(VectorOperators.GE, -64.0))
                    .and(room(e, f, back).compare(VectorOperators.GT, e.abs().mul(MARGIN)));
            VectorMask<Double> positive = x.compare(VectorOperators.GT, 0.0);
            FloatVector result = f.blend(xf, positive.cast(F));
            result.intoArray(dst, d + i);
            VectorMask<Double> settled = exact.or(positive);
            if (!settled.allTrue()) {
                for (int k = 0; k < LANES; k++) {
                    if (!settled.laneIsSet(k)) {
                        dst[d + i + k] = ConvModel.elu(sign * src[s + i + k]);
                    }
                }
            }
        }
        for (; i < count; i++) {
            dst[d + i] = ConvModel.elu(sign * src[s + i]);
        }
    }

    /** {@code dst[d + i] = src[a + i] * sigmoid(src[g + i])} for i < count ({@link ConvModel#sigmoid}). */
    static void sigmoidGate(float[] src, int a, int g, float[] dst, int d, int count) {
        int i = 0;
        for (; i + LANES <= count; i += LANES) {
            FloatVector xf = FloatVector.fromArray(F, src, g + i);
            DoubleVector x = (DoubleVector) xf.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector s = exp(x.neg()).add(1.0);
            s = DoubleVector.broadcast(D, 1.0).div(s);
            FloatVector f = (FloatVector) s.convertShape(VectorOperators.D2F, F, 0);
            DoubleVector back = (DoubleVector) f.convertShape(VectorOperators.F2D, D, 0);
            VectorMask<Double> exact = x.compare(VectorOperators.GE, -64.0)
                    .and(x.compare(VectorOperators.LE, 64.0))
                    .and(room(s, f, back).compare(VectorOperators.GT, s.mul(MARGIN)));
            FloatVector.fromArray(F, src, a + i).mul(f).intoArray(dst, d + i);
            if (!exact.allTrue()) {
                for (int k = 0; k < LANES; k++) {
                    if (!exact.laneIsSet(k)) {
                        dst[d + i + k] = src[a + i + k] * ConvModel.sigmoid(src[g + i + k]);
                    }
                }
            }
        }
        for (; i < count; i++) {
            dst[d + i] = src[a + i] * ConvModel.sigmoid(src[g + i]);
        }
    }

    /** The approximation of exp for |x| <= 64 (other lanes are blended away or replaced). */
    private static DoubleVector exp(DoubleVector x) {
        // x = n ln2 + r, n = rint(x / ln2) by the rounding constant.
        DoubleVector shifted = x.mul(INV_LN2).add(ROUNDER);
        DoubleVector n = shifted.sub(ROUNDER);
        DoubleVector r = x.sub(n.mul(LN2));
        DoubleVector q = DoubleVector.broadcast(D, 1.0 / 39916800);
        for (double c : INVERSE_FACTORIALS) {
            q = q.mul(r).add(c);
        }
        // 2^n from the exponent field: n + 1023 in bits 52..62 (|n| <= 93 where it is used).
        LongVector exponent = ((LongVector) n.convert(VectorOperators.D2L, 0)).add(1023).lanewise(VectorOperators.LSHL, 52);
        return exponent.reinterpretAsDoubles().mul(q);
    }

    /** The approximation d of expm1 for x < 0 (other lanes are blended away). */
    private static DoubleVector expm1(DoubleVector x) {
        // Series: x + x^2/2! + ... + x^5/5!.
        DoubleVector p = DoubleVector.broadcast(D, 1.0 / 120).mul(x).add(1.0 / 24);
        p = p.mul(x).add(1.0 / 6);
        p = p.mul(x).add(0.5);
        p = p.mul(x).add(1.0);
        DoubleVector series = p.mul(x);
        DoubleVector table = exp(x).sub(1.0);
        VectorMask<Double> small = x.compare(VectorOperators.GT, -SERIES);
        return table.blend(series, small);
    }

    /**
     * How far d is from the rounding boundary it would cross to round to another float than f:
     * half an ulp of f, or a quarter on the side of smaller magnitude when f is a power of two.
     * For normal f of magnitude at least 2^-100 (the lanes kept).
     */
    private static DoubleVector room(DoubleVector d, FloatVector f, DoubleVector back) {
        DoubleVector diff = d.sub(back);
        LongVector bits = (LongVector) f.reinterpretAsInts().convertShape(VectorOperators.I2L, L, 0);
        LongVector exponentField = bits.and(0x7F800000L);
        // ulp(f)/2 = 2^(e - 24) with e the unbiased exponent: as a double, exponent field e - 24 + 1023.
        LongVector halfUlpBits = exponentField.lanewise(VectorOperators.LSHR, 23).add(1023 - 127 - 24)
                .lanewise(VectorOperators.LSHL, 52);
        DoubleVector half = halfUlpBits.reinterpretAsDoubles();
        VectorMask<Double> powerOfTwo = bits.and(0x7FFFFFL).compare(VectorOperators.EQ, 0L).cast(D);
        VectorMask<Double> negative = back.compare(VectorOperators.LT, 0.0);
        VectorMask<Double> towardZero = diff.compare(VectorOperators.GT, 0.0).and(negative)
                .or(diff.compare(VectorOperators.LT, 0.0).and(negative.not()));
        DoubleVector room = half.blend(half.mul(0.5), powerOfTwo.and(towardZero));
        return room.sub(diff.abs());
    }
}
