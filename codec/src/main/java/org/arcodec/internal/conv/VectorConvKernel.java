package org.arcodec.internal.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvKernel} with the Vector API: four, two or one vectors of output channels stay in registers
 * while every tap and input channel is added, one lanewise multiply and one lanewise add per
 * term (never a fused multiply-add), so each lane runs exactly the scalar sequence. Channels past
 * the last whole vector run the same sequence in scalar code. The vector width changes which
 * channels share a register, never a channel's arithmetic. Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module ({@link ConvKernel#select}).
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
            float acc = bias[j];
            for (int t = 0; t < taps; t++) {
                int s = offsets[t];
                int first = rows[t];
                for (int c = 0; c < cin; c++) {
                    acc += w[first + c][j] * src[s + c];
                }
            }
            sum[j] = acc;
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

    @Override
    public String name() {
        return "vector " + LANES + " lanes";
    }
}
