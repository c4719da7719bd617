package org.arcodec.internal.conv;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.fail;

/** {@link VectorActivations} against the scalar definitions on samples; VectorActivationsExhaustiveTest checks every float. */
class VectorActivationsTest {
    /** Checks elu(x), elu(-x), both at once, and the gate 3 * sigmoid(x) for every x in xs, leaving a scalar tail. */
    static void check(float[] xs) {
        checkElu(xs);
        float[] src = new float[2 * xs.length + 1];
        java.util.Arrays.fill(src, 0, xs.length, 3f);
        System.arraycopy(xs, 0, src, xs.length + 1, xs.length);
        float[] dst = new float[xs.length + 2];
        VectorActivations.sigmoidGate(src, 0, xs.length + 1, dst, 2, xs.length);
        for (int i = 0; i < xs.length; i++) {
            float expected = 3f * ConvModel.sigmoid(xs[i]);
            if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(dst[2 + i])) {
                fail("3 * sigmoid(" + xs[i] + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(xs[i]))
                        + "): definition " + expected + ", vector " + dst[2 + i]);
            }
        }
    }

    private static void checkElu(float[] xs) {
        int n = xs.length;
        float[] src = new float[n + 3];
        float[] dst = new float[2 * n + 5];
        for (float sign : new float[] {1f, -1f}) {
            for (int i = 0; i < n; i++) {
                src[3 + i] = sign * xs[i];
            }
            VectorActivations.elu(src, 3, dst, 5, n);
            for (int i = 0; i < n; i++) {
                expectElu(sign * xs[i], dst[5 + i], "elu");
            }
        }
        System.arraycopy(xs, 0, src, 3, n);
        VectorActivations.concatElu(src, 3, dst, 5, n);
        for (int i = 0; i < n; i++) {
            expectElu(xs[i], dst[5 + i], "concatElu, first half");
            expectElu(-xs[i], dst[5 + n + i], "concatElu, second half");
        }
    }

    private static void expectElu(float x, float actual, String function) {
        float expected = ConvModel.elu(x);
        if (Float.floatToRawIntBits(expected) != Float.floatToRawIntBits(actual)) {
            fail(function + ": elu(" + x + " = 0x" + Integer.toHexString(Float.floatToRawIntBits(x))
                    + "): definition " + expected + ", vector " + actual);
        }
    }

    @Test
    void matchesTheDefinitionOnAStrideOfEveryFloat() {
        float[] xs = new float[1 << 16];
        long bits = 0;
        while (bits <= 0xFFFFFFFFL) {
            int n = 0;
            for (; n < xs.length && bits <= 0xFFFFFFFFL; n++, bits += 4093) {
                xs[n] = Float.intBitsToFloat((int) bits);
            }
            check(java.util.Arrays.copyOf(xs, n));
        }
    }

    @Test
    void matchesTheDefinitionWhereActivationsLieAndAtTheEdges() {
        Random random = new Random(5);
        float[] xs = new float[1_000_003];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = (float) (random.nextGaussian() * 4);
        }
        check(xs);
        check(new float[] {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, -Float.MIN_NORMAL, -0x1p-30f,
            Math.nextDown(-0x1p-30f), Math.nextUp(-0x1p-30f), -0x1p-10f, Math.nextDown(-0x1p-10f),
            Math.nextUp(-0x1p-10f), -0.34657359f, -0.3465736f, -17.3f, -17.4f, -64f, Math.nextDown(-64f),
            Math.nextUp(-64f), 64f, Math.nextUp(64f), Math.nextDown(64f), -88f, -104f, 1e-30f, -1e30f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, Float.MAX_VALUE,
            -Float.MAX_VALUE, 1f, -1f});
    }
}
