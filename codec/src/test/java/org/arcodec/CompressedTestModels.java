package org.arcodec;

import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/** Small models and images for tests that need a model other than the bundled ones. */
public final class CompressedTestModels {
    private CompressedTestModels() {
    }

    public static RasterImage smallImage() {
        return SyntheticImages.create(new SyntheticImages.Layout(ColorType.GRAY, 8, 0, false), 5, 4,
                SyntheticImages.Content.GRADIENT, 5);
    }

    /** A uniform model in raster order whose weights digest is 32 bytes of {@code digestByte}. */
    public static AutoregressiveModel constantModel(String name, int digestByte) {
        return new AutoregressiveModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] weightsSha256() {
                byte[] digest = new byte[32];
                Arrays.fill(digest, (byte) digestByte);
                return digest;
            }

            @Override
            public ConditionalStream open(SampleLayout layout) {
                int[] counts = new int[layout.alphabetSize()];
                Arrays.fill(counts, 1);
                return new ConditionalStream() {
                    private int next;

                    @Override
                    public int next(QuantizedCdf cdf) {
                        cdf.setFromCounts(counts, counts.length);
                        return next;
                    }

                    @Override
                    public void observe(int value) {
                        next++;
                    }
                };
            }
        };
    }

    /** {@code model} under its own name, adding to {@code asked[0]} each conditional it gives. */
    public static AutoregressiveModel counting(AutoregressiveModel model, long[] asked) {
        return watching(model, stream -> new ConditionalStream() {
            @Override
            public int next(QuantizedCdf cdf) {
                asked[0]++;
                return stream.next(cdf);
            }

            @Override
            public void observe(int value) {
                stream.observe(value);
            }
        });
    }

    /**
     * {@code model} under its own name, weights and variants, whose streams of variant 0 are
     * {@code watch} applied to the model's own.
     */
    public static AutoregressiveModel watching(AutoregressiveModel model, UnaryOperator<ConditionalStream> watch) {
        return new AutoregressiveModel() {
            @Override
            public String name() {
                return model.name();
            }

            @Override
            public byte[] weightsSha256() {
                return model.weightsSha256();
            }

            @Override
            public int variants() {
                return model.variants();
            }

            @Override
            public ConditionalStream open(SampleLayout layout) {
                return watch.apply(model.open(layout));
            }
        };
    }
}
