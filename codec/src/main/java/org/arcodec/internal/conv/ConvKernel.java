package org.arcodec.internal.conv;

/**
 * The sums of one convolution at one position: {@code sum[j] = b[j]}, then for each tap t in
 * order and each input channel c in order, {@code sum[j] = sum[j] + w[rows[t] + c][j] * src[offsets[t] + c]},
 * float products and float sums (docs/CONVNETS.md). Each output channel's terms are added one at a
 * time in that order, whichever implementation runs, so every implementation gives the same bits.
 */
interface ConvKernel {
    /** System property: {@code scalar}, {@code vector} or {@code auto} (the default, see {@link #select}). */
    String PROPERTY = "arcodec.kernel";

    /**
     * Writes output channels 0..cout-1 to {@code sum}, which holds at least cout floats and is
     * not {@code src}.
     */
    void run(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin, int cout, float[] sum);

    /**
     * {@link #run} at {@code columns} neighbouring positions of one row whose taps are all
     * inside the image: column k reads {@code src[offsets[t] + k * stride + c]} and writes
     * {@code sum[k * cout + j]}. Each column gets exactly the bits {@link #run} gives it.
     */
    void runColumns(float[] bias, float[][] w, int[] rows, float[] src, int[] offsets, int taps, int cin, int cout,
                    int stride, int columns, float[] sum);

    /** {@code dst[d + i] = ConvModel.elu(src[s + i])} for i < count, bit for bit. */
    void elu(float[] src, int s, float[] dst, int d, int count);

    /**
     * {@code dst[d + i] = ConvModel.elu(src[s + i])} and {@code dst[d + count + i] = ConvModel.elu(-src[s + i])}
     * for i < count, bit for bit.
     */
    void concatElu(float[] src, int s, float[] dst, int d, int count);

    /** {@code dst[d + i] = src[a + i] * ConvModel.sigmoid(src[g + i])} for i < count, bit for bit. */
    void sigmoidGate(float[] src, int a, int g, float[] dst, int d, int count);

    /** The kernel's name, for benchmarks and logs. */
    String name();

    /**
     * The kernel that {@value #PROPERTY} names; for {@code auto}, {@link VectorConvKernel} where
     * the JVM has the {@code jdk.incubator.vector} module and is version 25 or later (on JDK 17 it
     * was 4x slower than the scalar loop; on 25, 2.5x faster), else {@link ScalarConvKernel}.
     *
     * @throws IllegalStateException when {@code vector} is asked for without the module
     */
    static ConvKernel select() {
        String wanted = System.getProperty(PROPERTY, "auto");
        boolean available = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        return switch (wanted) {
            case "scalar" -> ScalarConvKernel.INSTANCE;
            case "vector" -> {
                if (!available) {
                    throw new IllegalStateException("-D" + PROPERTY + "=vector needs the JVM option "
                            + "--add-modules jdk.incubator.vector");
                }
                yield VectorConvKernel.create();
            }
            case "auto" -> available && Runtime.version().feature() >= 25 ? VectorConvKernel.create()
                    : ScalarConvKernel.INSTANCE;
            default -> throw new IllegalStateException("-D" + PROPERTY + " must be scalar, vector or auto, not '"
                    + wanted + "'");
        };
    }
}
