package org.arcodec.internal.format;

import org.arcodec.ColorType;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer refuses a model that does not give each sample exactly one conditional over its values. */
class ArcWriterChecksTest {
    private static final RasterImage IMAGE = RasterImage.of(2, 2, ColorType.GRAY, 8, new byte[] {1, 2, 3, 4});

    /** A model that asks for the samples in {@code order}, each with a uniform distribution over {@code alphabet}. */
    private static AutoregressiveModel asking(int[] order, int alphabet, int conditionals) {
        return new AutoregressiveModel() {
            @Override
            public String name() {
                return "misbehaving";
            }

            @Override
            public byte[] weightsSha256() {
                return new byte[32];
            }

            @Override
            public ConditionalStream open(SampleLayout layout) {
                return new ConditionalStream() {
                    private int at;

                    @Override
                    public int next(QuantizedCdf cdf) {
                        int[] counts = new int[alphabet];
                        Arrays.fill(counts, 1);
                        cdf.setFromCounts(counts, alphabet);
                        return order[at++];
                    }

                    @Override
                    public void observe(int value) {
                    }

                    @Override
                    public void forEachConditional(byte[] samples, QuantizedCdf[] cdfs, VariantStep step) {
                        for (int i = 0; i < conditionals; i++) {
                            int index = next(cdfs[0]);
                            step.accept(index, cdfs);
                            observe(samples[index] & 0xFF);
                        }
                    }
                };
            }
        };
    }

    private static void assertRefused(AutoregressiveModel model, String message) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ArcWriter.write(IMAGE, model, (d, t) -> { }));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void refusesSamplesAskedTwiceOutsideTheImageOrLeftOut() {
        assertRefused(asking(new int[] {0, 1, 1, 3}, 256, 4), "model asked for sample 1 twice");
        assertRefused(asking(new int[] {0, 1, 4, 3}, 256, 4), "model asked for sample 4, outside the image");
        assertRefused(asking(new int[] {0, 1, 2, 3}, 256, 3), "model 'misbehaving' gave 3 conditionals for 4 samples");
        assertRefused(asking(new int[] {0, 1, 2, 3}, 16, 4), "a distribution over 16 symbols for samples with 256 values");
    }
}
