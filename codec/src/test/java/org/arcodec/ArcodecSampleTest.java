package org.arcodec;

import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArcodecSampleTest {
    private static final int SIDE = 100;

    /** Repeats the previous sample with probability 9/10, else any other value uniformly. */
    private static AutoregressiveModel sticky() {
        return new AutoregressiveModel() {
            @Override
            public String name() {
                return "sticky";
            }

            @Override
            public byte[] weightsSha256() {
                return new byte[32];
            }

            @Override
            public ConditionalStream open(SampleLayout layout) {
                int[] counts = new int[256];
                return new ConditionalStream() {
                    private int next;
                    private int previous;

                    @Override
                    public int next(QuantizedCdf cdf) {
                        Arrays.fill(counts, 1);
                        counts[previous] = 9 * 255;
                        cdf.setFromCounts(counts, 256);
                        return next;
                    }

                    @Override
                    public void observe(int value) {
                        previous = value;
                        next++;
                    }
                };
            }
        };
    }

    @Test
    void samplesFollowTheModelsConditionals() {
        RasterImage image = Arcodec.sample(sticky(), SIDE, SIDE, ColorType.GRAY, 1, ProgressListener.NONE);
        byte[] s = image.samples();
        int repeats = 0;
        int[] seen = new int[256];
        for (int i = 0; i < s.length; i++) {
            seen[s[i] & 0xFF]++;
            if (i > 0 && s[i] == s[i - 1]) {
                repeats++;
            }
        }
        double rate = repeats / (double) (s.length - 1);
        // 9999 Bernoulli(0.9) trials: standard deviation 0.003.
        assertEquals(0.9, rate, 0.015, "fraction of repeated samples");
        assertTrue(Arrays.stream(seen).filter(c -> c > 0).count() > 200, "the changes should reach most values");
    }

    @Test
    void sameSeedSameImageOtherSeedOtherImage() {
        AutoregressiveModel model = ModelCatalog.bundled().get(ModelCatalog.DEFAULT_MODEL);
        RasterImage a = Arcodec.sample(model, 17, 9, ColorType.RGB, 42, ProgressListener.NONE);
        RasterImage b = Arcodec.sample(model, 17, 9, ColorType.RGB, 42, ProgressListener.NONE);
        RasterImage c = Arcodec.sample(model, 17, 9, ColorType.RGB, 43, ProgressListener.NONE);
        assertEquals(ColorType.RGB, a.colorType());
        assertArrayEquals(a.samples(), b.samples());
        assertFalse(Arrays.equals(a.samples(), c.samples()));
    }

    @Test
    void refusesPalettes() {
        AutoregressiveModel model = ModelCatalog.bundled().get(ModelCatalog.DEFAULT_MODEL);
        ArcodecException e = assertThrows(ArcodecException.class,
                () -> Arcodec.sample(model, 4, 4, ColorType.PALETTE, 1, ProgressListener.NONE));
        assertTrue(e.getMessage().contains("palette"), e.getMessage());
    }
}
