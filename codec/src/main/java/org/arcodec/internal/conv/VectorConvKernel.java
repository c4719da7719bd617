package org.arcodec.internal.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernel} with the Vector API: four, two or one vectors of output channels stay in registers
 * while every tap and input channel is added, one lanewise multiply and one lanewise add per
 * term (never a fused multiply-add), so each lane runs exactly the scalar sequence. Channels past
 * the last whole vector run the same sequence in scalar code. The vector width changes which
 * channels share a register, never a channel's arithmetic. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module ({@link ConvKernel#select}). ELU and the sigmoid gate come from {@link VectorActivations}.
 */
final class VectorConvKernel implements ConvKernel {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorConvKernel() {
    }

    static ConvKernel create() {
        return new VectorConvKernel();
    }

    @Override
    public void run(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin, int cout,
                    float[] sum) {
        int j = 0;
        for (; j + 4 * LANES <= cout; j += 4 * LANES) {
            four(bias, w, rows, src, offsets, taps, cin, j, sum);
        }
        if (j + 2 * LANES <= cout) {
            two(bias, w, rows, src, offsets, taps, cin, j, sum);
            j += 2 * LANES;
        }
        if (j + LANES <= cout) {
            one(bias, w, rows, src, offsets, taps, cin, j, sum);
            j += LANES;
        }
        for (; j < cout; j++) {
            sum[j] = scalarChannel(bias, w, rows, src, offsets, taps, cin, 0, j);
        }
    }

    private static void four(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                             int j, float[] sum) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector acc1 = FloatVector.fromArray(SPECIES, bias, j + LANES);
        FloatVector acc2 = FloatVector.fromArray(SPECIES, bias, j + 2 * LANES);
        FloatVector acc3 = FloatVector.fromArray(SPECIES, bias, j + 3 * LANES);
        for (int t = 0; t < taps; t++) {
            int s = offsets[t];
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                float a = src[s + c];
                float[] row = w[first + c];
                acc0 = acc0.add(FloatVector.fromArray(SPECIES, row, j).mul(a));
                acc1 = acc1.add(FloatVector.fromArray(SPECIES, row, j + LANES).mul(a));
                acc2 = acc2.add(FloatVector.fromArray(SPECIES, row, j + 2 * LANES).mul(a));
                acc3 = acc3.add(FloatVector.fromArray(SPECIES, row, j + 3 * LANES).mul(a));
            }
        }
        acc0.intoArray(sum, j);
        acc1.intoArray(sum, j + LANES);
        acc2.intoArray(sum, j + 2 * LANES);
        acc3.intoArray(sum, j + 3 * LANES);
    }

    private static void two(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                            int j, float[] sum) {
        FloatVector acc0 = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector acc1 = FloatVector.fromArray(SPECIES, bias, j + LANES);
        for (int t = 0; t < taps; t++) {
            int s = offsets[t];
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                float a = src[s + c];
                float[] row = w[first + c];
                acc0 = acc0.add(FloatVector.fromArray(SPECIES, row, j).mul(a));
                acc1 = acc1.add(FloatVector.fromArray(SPECIES, row, j + LANES).mul(a));
            }
        }
        acc0.intoArray(sum, j);
        acc1.intoArray(sum, j + LANES);
    }

    private static void one(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                            int j, float[] sum) {
        FloatVector acc = FloatVector.fromArray(SPECIES, bias, j);
        for (int t = 0; t < taps; t++) {
            int s = offsets[t];
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                acc = acc.add(FloatVector.fromArray(SPECIES, w[first + c], j).mul(src[s + c]));
            }
        }
        acc.intoArray(sum, j);
    }

    /**
     * Four columns at a time: each weight vector loaded once serves four positions, which a row
     * pass (the same node at every column of a row) allows.
     */
    @Override
    public void runColumns(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                           int cout, int stride, int columns, float[] sum) {
        int k = 0;
        for (; k + 4 <= columns; k += 4) {
            int j = 0;
            for (; j + 2 * LANES <= cout; j += 2 * LANES) {
                twoByFour(bias, w, rows, src, offsets, taps, cin, cout, stride, k * stride, j, sum, k * cout);
            }
            for (; j + LANES <= cout; j += LANES) {
                oneByFour(bias, w, rows, src, offsets, taps, cin, cout, stride, k * stride, j, sum, k * cout);
            }
            for (; j < cout; j++) {
                for (int q = k; q < k + 4; q++) {
                    sum[q * cout + j] = scalarChannel(bias, w, rows, src, offsets, taps, cin, q * stride, j);
                }
            }
        }
        for (; k < columns; k++) {
            for (int j = 0; j < cout; j++) {
                sum[k * cout + j] = scalarChannel(bias, w, rows, src, offsets, taps, cin, k * stride, j);
            }
        }
    }

    /** Channel j alone, every source offset moved by {@code shift}: the scalar sequence. */
    private static float scalarChannel(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps,
                                       int cin, int shift, int j) {
        float acc = bias[j];
        for (int t = 0; t < taps; t++) {
            int s = offsets[t] + shift;
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                acc += w[first + c][j] * src[s + c];
            }
        }
        return acc;
    }

    /** Channels j..j+2L-1 at four columns from {@code shift}: eight accumulators. */
    private static void twoByFour(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                                  int cout, int stride, int shift, int j, float[] sum, int at) {
        FloatVector b0 = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector b1 = FloatVector.fromArray(SPECIES, bias, j + LANES);
        FloatVector p0 = b0;
        FloatVector p1 = b1;
        FloatVector q0 = b0;
        FloatVector q1 = b1;
        FloatVector r0 = b0;
        FloatVector r1 = b1;
        FloatVector s0 = b0;
        FloatVector s1 = b1;
        for (int t = 0; t < taps; t++) {
            int s = offsets[t] + shift;
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                float[] row = w[first + c];
                FloatVector w0 = FloatVector.fromArray(SPECIES, row, j);
                FloatVector w1 = FloatVector.fromArray(SPECIES, row, j + LANES);
                float a = src[s + c];
                float b = src[s + stride + c];
                float d = src[s + 2 * stride + c];
                float e = src[s + 3 * stride + c];
                p0 = p0.add(w0.mul(a));
                p1 = p1.add(w1.mul(a));
                q0 = q0.add(w0.mul(b));
                q1 = q1.add(w1.mul(b));
                r0 = r0.add(w0.mul(d));
                r1 = r1.add(w1.mul(d));
                s0 = s0.add(w0.mul(e));
                s1 = s1.add(w1.mul(e));
            }
        }
        p0.intoArray(sum, at + j);
        p1.intoArray(sum, at + j + LANES);
        q0.intoArray(sum, at + cout + j);
        q1.intoArray(sum, at + cout + j + LANES);
        r0.intoArray(sum, at + 2 * cout + j);
        r1.intoArray(sum, at + 2 * cout + j + LANES);
        s0.intoArray(sum, at + 3 * cout + j);
        s1.intoArray(sum, at + 3 * cout + j + LANES);
    }

    /** Channels j..j+L-1 at four columns from {@code shift}: four accumulators. */
    private static void oneByFour(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                                  int cout, int stride, int shift, int j, float[] sum, int at) {
        FloatVector p = FloatVector.fromArray(SPECIES, bias, j);
        FloatVector q = p;
        FloatVector r = p;
        FloatVector u = p;
        for (int t = 0; t < taps; t++) {
            int s = offsets[t] + shift;
            int first = rows[t];
            for (int c = 0; c < cin; c++) {
                FloatVector v = FloatVector.fromArray(SPECIES, w[first + c], j);
                p = p.add(v.mul(src[s + c]));
                q = q.add(v.mul(src[s + stride + c]));
                r = r.add(v.mul(src[s + 2 * stride + c]));
                u = u.add(v.mul(src[s + 3 * stride + c]));
            }
        }
        p.intoArray(sum, at + j);
        q.intoArray(sum, at + cout + j);
        r.intoArray(sum, at + 2 * cout + j);
        u.intoArray(sum, at + 3 * cout + j);
    }

    @Override
    public void elu(float[] src, int s, float[] dst, int d, int count) {
        VectorActivations.elu(src, s, dst, d, count);
    }

    @Override
    public void concatElu(float[] src, int s, float[] dst, int d, int count) {
        VectorActivations.concatElu(src, s, dst, d, count);
    }

    @Override
    public void sigmoidGate(float[] src, int a, int g, float[] dst, int d, int count) {
        VectorActivations.sigmoidGate(src, a, g, dst, d, count);
    }

    @Override
    public String name() {
        return "vector " + LANES + " lanes";
    }
}
