package org.arcodec.internal.conv;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The Vector API kernel gives the scalar kernel's bits, for every channel count around the vector width. */
class ConvKernelTest {
    private static float value(Random random) {
        // Mixed magnitudes, so that sums round differently in any other order.
        return (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
    }

    /** A random convolution at one position: weights for 6 taps, a source of {@code positions} pixels. */
    private record Case(float[][] w, float[] bias, float[] src, int[] rows, int[] offsets, int taps, int cin, int cout) {
        static Case random(Random random, int cin, int cout, int positions) {
            int taps = random.nextInt(7);
            float[][] w = new float[6 * cin][cout];
            for (float[] row : w) {
                for (int j = 0; j < cout; j++) {
                    row[j] = value(random);
                }
            }
            float[] bias = new float[cout];
            for (int j = 0; j < cout; j++) {
                bias[j] = value(random);
            }
            float[] src = new float[positions * cin];
            for (int i = 0; i < src.length; i++) {
                src[i] = value(random);
            }
            int[] rows = new int[taps];
            int[] offsets = new int[taps];
            for (int t = 0; t < taps; t++) {
                rows[t] = random.nextInt(6) * cin;
                offsets[t] = random.nextInt(positions - 8) * cin;
            }
            return new Case(w, bias, src, rows, offsets, taps, cin, cout);
        }
    }

    @Test
    void vectorKernelMatchesScalarBitForBit() {
        ConvKernel scalar = ScalarConvKernel.INSTANCE;
        ConvKernel vector = VectorConvKernel.create();
        Random random = new Random(11);
        int[] couts = {1, 3, 7, 8, 15, 16, 17, 24, 31, 32, 33, 48, 50, 63, 64, 65, 96, 128, 130};
        for (int cout : couts) {
            for (int trial = 0; trial < 20; trial++) {
                Case c = Case.random(random, 1 + random.nextInt(70), cout, 18);
                float[] expected = new float[cout];
                float[] actual = new float[cout];
                scalar.run(c.bias, c.w, c.rows, c.src, c.offsets, c.taps, c.cin, cout, expected);
                vector.run(c.bias, c.w, c.rows, c.src, c.offsets, c.taps, c.cin, cout, actual);
                for (int j = 0; j < cout; j++) {
                    if (Float.floatToRawIntBits(expected[j]) != Float.floatToRawIntBits(actual[j])) {
                        fail("cout " + cout + " cin " + c.cin + " taps " + c.taps + " channel " + j + ": scalar "
                                + expected[j] + ", vector " + actual[j]);
                    }
                }
            }
        }
    }

    @Test
    void columnBlocksGiveEachColumnItsOwnBits() {
        Random random = new Random(12);
        for (ConvKernel kernel : new ConvKernel[] {ScalarConvKernel.INSTANCE, VectorConvKernel.create()}) {
            for (int cout : new int[] {1, 15, 16, 17, 32, 33, 50, 64, 65}) {
                for (int columns : new int[] {1, 3, 4, 5, 8}) {
                    Case c = Case.random(random, 1 + random.nextInt(40), cout, 28 + columns);
                    float[] block = new float[columns * cout];
                    kernel.runColumns(c.bias, c.w, c.rows, c.src, c.offsets, c.taps, c.cin, cout, c.cin, columns, block);
                    float[] one = new float[cout];
                    int[] shifted = new int[c.taps];
                    for (int k = 0; k < columns; k++) {
                        for (int t = 0; t < c.taps; t++) {
                            shifted[t] = c.offsets[t] + k * c.cin;
                        }
                        ScalarConvKernel.INSTANCE.run(c.bias, c.w, c.rows, c.src, shifted, c.taps, c.cin, cout, one);
                        for (int j = 0; j < cout; j++) {
                            if (Float.floatToRawIntBits(one[j]) != Float.floatToRawIntBits(block[k * cout + j])) {
                                fail(kernel.name() + " cout " + cout + " column " + k + " of " + columns + " channel "
                                        + j + ": " + one[j] + " alone, " + block[k * cout + j] + " in a block");
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void thePropertyNamesTheKernel() {
        String before = System.getProperty(ConvKernel.PROPERTY);
        try {
            System.setProperty(ConvKernel.PROPERTY, "scalar");
            assertEquals("scalar", ConvKernel.select().name());
            System.setProperty(ConvKernel.PROPERTY, "vector");
            assertEquals(VectorConvKernel.create().name(), ConvKernel.select().name());
            System.setProperty(ConvKernel.PROPERTY, "simd");
            assertThrows(IllegalStateException.class, ConvKernel::select);
        } finally {
            if (before == null) {
                System.clearProperty(ConvKernel.PROPERTY);
            } else {
                System.setProperty(ConvKernel.PROPERTY, before);
            }
        }
    }
}
