package org.arcodec.internal.conv;

/**
 * {@link ConvKernel} in plain loops. The output channel is the inner loop, over a contiguous
 * weight row, and four input channels share one pass, which changes no channel's order of
 * operations: acc = (((acc + w0 a0) + w1 a1) + w2 a2) + w3 a3. Accumulator and weight rows both
 * start at index 0, which lets HotSpot vectorise the loop.
 */
final class ScalarConvKernel implements ConvKernel {
    static final ScalarConvKernel INSTANCE = new ScalarConvKernel();

    private ScalarConvKernel() {
    }

    @Override
    public void run(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin, int cout,
                    float[] sum) {
        sums(bias, w, rows, src, offsets, taps, cin, cout, 0, sum);
    }

    /** One column after the other; the last first, so that each can be summed at index 0 and moved. */
    @Override
    public void runColumns(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                           int cout, int stride, int columns, float[] sum) {
        for (int k = columns - 1; k >= 0; k--) {
            sums(bias, w, rows, src, offsets, taps, cin, cout, k * stride, sum);
            if (k > 0) {
                System.arraycopy(sum, 0, sum, k * cout, cout);
            }
        }
    }

    /** {@link #run} with every source offset moved by {@code shift}, into sum[0..cout). */
    private static void sums(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin,
                             int cout, int shift, float[] sum) {
        System.arraycopy(bias, 0, sum, 0, cout);
        for (int t = 0; t < taps; t++) {
            int s = offsets[t] + shift;
            int first = rows[t];
            int c = 0;
            for (; c + 4 <= cin; c += 4) {
                float a0 = src[s + c];
                float a1 = src[s + c + 1];
                float a2 = src[s + c + 2];
                float a3 = src[s + c + 3];
                float[] w0 = w[first + c];
                float[] w1 = w[first + c + 1];
                float[] w2 = w[first + c + 2];
                float[] w3 = w[first + c + 3];
                for (int j = 0; j < cout; j++) {
                    sum[j] = (((sum[j] + w0[j] * a0) + w1[j] * a1) + w2[j] * a2) + w3[j] * a3;
                }
            }
            for (; c < cin; c++) {
                float a = src[s + c];
                float[] row = w[first + c];
                for (int j = 0; j < cout; j++) {
                    sum[j] += row[j] * a;
                }
            }
        }
    }

    @Override
    public void elu(float[] src, int s, float[] dst, int d, int count) {
        for (int i = 0; i < count; i++) {
            dst[d + i] = ConvModel.elu(src[s + i]);
        }
    }

    @Override
    public void concatElu(float[] src, int s, float[] dst, int d, int count) {
        for (int i = 0; i < count; i++) {
            dst[d + i] = ConvModel.elu(src[s + i]);
            dst[d + count + i] = ConvModel.elu(-src[s + i]);
        }
    }

    @Override
    public void sigmoidGate(float[] src, int a, int g, float[] dst, int d, int count) {
        for (int i = 0; i < count; i++) {
            dst[d + i] = src[a + i] * ConvModel.sigmoid(src[g + i]);
        }
    }

    @Override
    public String name() {
        return "scalar";
    }
}
