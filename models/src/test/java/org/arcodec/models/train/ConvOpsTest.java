package org.arcodec.models.train;

import org.arcodec.internal.conv.ConvGraph;
import org.arcodec.internal.conv.ConvGraph.ConvKind;
import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each op of docs/CONVNETS.md as {@link ConvNetGraph} translates it, on a 3x4 image: kernel
 * geometry (which input position every kernel entry reads, masks, the zero border and the
 * constant-1 channel), shifts, and the pointwise ops against their formulas.
 */
class ConvOpsTest {
    private static final int H = 3;
    private static final int W = 4;
    /** Head of every test graph: one logistic, P = 3. */
    private static final int MIXTURE = 1;
    private static final float BIAS = 0.25f;

    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** Sample values 10 * y + x + 1, scaled; a [1, H, W, 1] batch and the same as x[y][x]. */
    private static float[][] scaled() {
        float[][] x = new float[H][W];
        for (int y = 0; y < H; y++) {
            for (int c = 0; c < W; c++) {
                x[y][c] = (10 * y + c + 1) / 127.5f - 1f;
            }
        }
        return x;
    }

    private static INDArray batch(float[][] x) {
        float[] flat = new float[H * W];
        for (int y = 0; y < H; y++) {
            System.arraycopy(x[y], 0, flat, y * W, W);
        }
        return Nd4j.create(flat, new long[] {1, H, W, 1}, 'c');
    }

    /** Weights for every convolution of a graph: zero kernels and biases unless given. */
    private static Map<String, INDArray> zeroWeights(ConvGraph g) {
        Map<String, INDArray> w = new HashMap<>();
        for (Node n : g.nodes()) {
            if (n.op() == Op.CONV) {
                int cin = g.node(n.inputs()[0]).channels();
                w.put(n.weightName(), Nd4j.zeros(DataType.FLOAT, n.fh(), n.fw(), cin, n.channels()));
                w.put(n.biasName(), Nd4j.zeros(DataType.FLOAT, n.channels()));
            }
        }
        return w;
    }

    private static Map<String, INDArray> randomWeights(ConvGraph g, long seed) {
        Random random = new Random(seed);
        Map<String, INDArray> w = zeroWeights(g);
        for (INDArray a : w.values()) {
            float[] values = new float[(int) a.length()];
            for (int k = 0; k < values.length; k++) {
                values[k] = (float) (random.nextGaussian() * 0.7);
            }
            a.assign(Nd4j.create(values, a.shape(), 'c'));
        }
        return w;
    }

    /** Node values as [y][x][channel]. */
    private static float[][][] value(ConvNetGraph net, int node, float[][] x) {
        INDArray v = net.nodeValue(node, batch(x));
        int c = (int) v.size(3);
        float[] flat = v.dup('c').data().asFloat();
        float[][][] out = new float[H][W][c];
        for (int y = 0; y < H; y++) {
            for (int col = 0; col < W; col++) {
                System.arraycopy(flat, (y * W + col) * c, out[y][col], 0, c);
            }
        }
        return out;
    }

    /** Input channel ch at (y, x): the scaled sample or the constant 1; 0 outside the image. */
    private static float input(float[][] x, int ch, int y, int col) {
        if (y < 0 || y >= H || col < 0 || col >= W) {
            return 0f;
        }
        return ch == 0 ? x[y][col] : 1f;
    }

    /**
     * A kernel with a single 1 at entry (i, j) from input channel ch copies that channel from
     * (y + i - top, x + j - left), or adds nothing when the entry is masked.
     */
    private static void assertGeometry(ConvKind kind, int fh, int fw) {
        ConvGraph.Builder b = new ConvGraph.Builder(1);
        int conv = b.conv(kind, fh, fw, 1, b.input());
        b.pointwise(3, b.shiftDown(conv));
        ConvGraph g = b.build();
        Node n = g.node(conv);
        float[][] x = scaled();
        for (int ch = 0; ch < 2; ch++) {
            for (int i = 0; i < fh; i++) {
                for (int j = 0; j < fw; j++) {
                    Map<String, INDArray> w = zeroWeights(g);
                    w.get(n.weightName()).putScalar(new long[] {i, j, ch, 0}, 1f);
                    w.get(n.biasName()).putScalar(0, BIAS);
                    float[][][] out = value(ConvNetGraph.forGraph(g, MIXTURE, H, W, w), conv, x);
                    boolean used = kind.uses(fh, fw, i, j);
                    for (int y = 0; y < H; y++) {
                        for (int col = 0; col < W; col++) {
                            float read = used ? input(x, ch, y + i - kind.top(fh), col + j - kind.left(fw)) : 0f;
                            assertEquals(BIAS + read, out[y][col][0], 1e-6f, kind + " " + fh + "x" + fw + " entry (" + i
                                    + "," + j + ") channel " + ch + " at (" + y + "," + col + ")");
                        }
                    }
                }
            }
        }
    }

    @Test
    void downKernelsAreCentredOnTheColumnAndEndAtTheRow() {
        assertGeometry(ConvKind.DOWN, 2, 3);
        assertGeometry(ConvKind.DOWN, 1, 3);
        assertGeometry(ConvKind.DOWN, 3, 1);
        assertGeometry(ConvKind.DOWN, 1, 1);
    }

    @Test
    void downRightKernelsEndAtThePixel() {
        assertGeometry(ConvKind.DOWN_RIGHT, 2, 2);
        assertGeometry(ConvKind.DOWN_RIGHT, 1, 2);
        assertGeometry(ConvKind.DOWN_RIGHT, 2, 1);
        assertGeometry(ConvKind.DOWN_RIGHT, 1, 3);
    }

    @Test
    void maskedKernelsAreCentredAndIgnoreMaskedEntries() {
        assertGeometry(ConvKind.MASK_A, 3, 3);
        assertGeometry(ConvKind.MASK_B, 3, 3);
        assertGeometry(ConvKind.MASK_A, 5, 5);
        assertGeometry(ConvKind.MASK_B, 1, 1);
        assertGeometry(ConvKind.MASK_A, 1, 1);
    }

    /** The 2x3 DOWN kernel's corner entry (0, 0) reads up and to the left, written out by hand. */
    @Test
    void downKernelCornerReadsUpAndLeft() {
        ConvGraph.Builder b = new ConvGraph.Builder(1);
        int conv = b.conv(ConvKind.DOWN, 2, 3, 1, b.input());
        b.pointwise(3, b.shiftDown(conv));
        ConvGraph g = b.build();
        Map<String, INDArray> w = zeroWeights(g);
        w.get(g.node(conv).weightName()).putScalar(new long[] {0, 0, 0, 0}, 1f);
        float[][] x = scaled();
        float[][][] out = value(ConvNetGraph.forGraph(g, MIXTURE, H, W, w), conv, x);
        float[][] expected = {
                {0, 0, 0, 0},
                {0, x[0][0], x[0][1], x[0][2]},
                {0, x[1][0], x[1][1], x[1][2]}};
        for (int y = 0; y < H; y++) {
            for (int col = 0; col < W; col++) {
                assertEquals(expected[y][col], out[y][col][0], 0f, "(" + y + "," + col + ")");
            }
        }
    }

    @Test
    void shiftsMoveEveryChannelByOnePixelAndFillWithZero() {
        ConvGraph.Builder b = new ConvGraph.Builder(1);
        int down = b.shiftDown(b.input());
        int right = b.shiftRight(b.input());
        b.pointwise(3, b.add(down, right));
        ConvGraph g = b.build();
        ConvNetGraph net = ConvNetGraph.forGraph(g, MIXTURE, H, W, zeroWeights(g));
        float[][] x = scaled();
        float[][][] d = value(net, down, x);
        float[][][] r = value(net, right, x);
        for (int ch = 0; ch < 2; ch++) {
            for (int y = 0; y < H; y++) {
                for (int col = 0; col < W; col++) {
                    assertEquals(input(x, ch, y - 1, col), d[y][col][ch], 0f, "down (" + y + "," + col + ")");
                    assertEquals(input(x, ch, y, col - 1), r[y][col][ch], 0f, "right (" + y + "," + col + ")");
                }
            }
        }
    }

    @Test
    void pointwiseOpsFollowTheirFormulas() {
        ConvGraph.Builder b = new ConvGraph.Builder(1);
        int p = b.conv(ConvKind.MASK_A, 3, 3, 4, b.input());
        int q = b.conv(ConvKind.MASK_A, 3, 3, 4, b.input());
        int r = b.conv(ConvKind.MASK_A, 3, 3, 4, b.input());
        int add = b.add(p, q, r);
        int concat = b.concat(p, q);
        int concatElu = b.concatElu(p);
        int elu = b.elu(p);
        int relu = b.relu(p);
        int tanhGate = b.tanhSigmoidGate(p);
        int gate = b.sigmoidGate(p);
        b.pointwise(3, b.concat(add, concat, concatElu, elu, relu, tanhGate, gate));
        ConvGraph g = b.build();
        ConvNetGraph net = ConvNetGraph.forGraph(g, MIXTURE, H, W, randomWeights(g, 4));
        float[][] x = scaled();
        float[][][] vp = value(net, p, x);
        float[][][] vq = value(net, q, x);
        float[][][] vr = value(net, r, x);
        float[][][] vAdd = value(net, add, x);
        float[][][] vConcat = value(net, concat, x);
        float[][][] vConcatElu = value(net, concatElu, x);
        float[][][] vElu = value(net, elu, x);
        float[][][] vRelu = value(net, relu, x);
        float[][][] vTanhGate = value(net, tanhGate, x);
        float[][][] vGate = value(net, gate, x);
        for (int y = 0; y < H; y++) {
            for (int col = 0; col < W; col++) {
                float[] a = vp[y][col];
                String at = " at (" + y + "," + col + ")";
                for (int c = 0; c < 4; c++) {
                    assertEquals(a[c] + vq[y][col][c] + vr[y][col][c], vAdd[y][col][c], 1e-6f, "add" + at);
                    assertEquals(a[c], vConcat[y][col][c], 0f, "concat" + at);
                    assertEquals(vq[y][col][c], vConcat[y][col][4 + c], 0f, "concat" + at);
                    assertEquals(elu(a[c]), vConcatElu[y][col][c], 1e-6f, "concat_elu" + at);
                    assertEquals(elu(-a[c]), vConcatElu[y][col][4 + c], 1e-6f, "concat_elu" + at);
                    assertEquals(elu(a[c]), vElu[y][col][c], 1e-6f, "elu" + at);
                    assertEquals(Math.max(a[c], 0f), vRelu[y][col][c], 0f, "relu" + at);
                }
                for (int c = 0; c < 2; c++) {
                    assertEquals(Math.tanh(a[c]) * sigmoid(a[2 + c]), vTanhGate[y][col][c], 1e-6, "tanh gate" + at);
                    assertEquals(a[c] * sigmoid(a[2 + c]), vGate[y][col][c], 1e-6, "sigmoid gate" + at);
                }
            }
        }
        assertArrayEquals(new long[] {1, H, W, 3}, net.nodeValue(g.output().id(), batch(x)).shape());
    }

    private static float elu(float v) {
        return v > 0 ? v : (float) Math.expm1(v);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
