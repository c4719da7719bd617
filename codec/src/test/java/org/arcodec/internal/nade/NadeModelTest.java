package org.arcodec.internal.nade;

import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.RandomNetworks;
import org.arcodec.internal.weights.RandomNetworks.Ordering;
import org.arcodec.internal.weights.RandomNetworks.Spec;
import org.arcodec.internal.weights.ReferenceTables;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.AutoregressiveModelContract;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

class NadeModelTest {
    static final Spec RASTER_MIXTURE = new Spec("nade-raster", 5, 4, 1, new int[] {8}, 1, false,
            "logistic_mixture:3", Ordering.RASTER, 11);
    static final Spec RANDOM_SOFTMAX = new Spec("nade-random", 5, 4, 1, new int[] {8}, 1, false,
            "softmax", Ordering.RANDOM, 12);
    static final Spec RGB_COLUMN = new Spec("nade-rgb", 3, 2, 3, new int[] {5}, 1, false,
            "logistic_mixture:2", Ordering.COLUMN, 13);

    static List<Spec> specs() {
        return List.of(RASTER_MIXTURE, RANDOM_SOFTMAX, RGB_COLUMN);
    }

    static WeightFile file(Spec spec) {
        return WeightFile.read(RandomNetworks.nade(spec), spec.name() + ".arcm");
    }

    static SampleLayout layout(Spec spec) {
        return new SampleLayout(spec.width(), spec.height(), spec.channels(), 256);
    }

    static byte[] image(Spec spec, long seed) {
        RandomNetworks.SplitMix random = new RandomNetworks.SplitMix(seed);
        byte[] samples = new byte[spec.inputs()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) random.nextInt(256);
        }
        return samples;
    }

    abstract static class Contract extends AutoregressiveModelContract {
        private final Spec spec;
        private final AutoregressiveModel model;

        Contract(Spec spec) {
            this.spec = spec;
            this.model = NetworkLoader.load(file(spec));
        }

        @Override
        protected AutoregressiveModel model() {
            return model;
        }

        @Override
        protected List<SampleLayout> layouts() {
            return List.of(layout(spec));
        }
    }

    @Nested
    class RasterMixture extends Contract {
        RasterMixture() {
            super(RASTER_MIXTURE);
        }
    }

    @Nested
    class RandomOrderSoftmax extends Contract {
        RandomOrderSoftmax() {
            super(RANDOM_SOFTMAX);
        }
    }

    @Nested
    class RgbColumnOrder extends Contract {
        RgbColumnOrder() {
            super(RGB_COLUMN);
        }
    }

    /**
     * NADE the straightforward way: for every step, the hidden pre-activation summed afresh from
     * b over the samples coded before it, in coding order (docs/WEIGHTS.md), straight from the file.
     */
    static List<ReferenceTables.Step> reference(WeightFile file, byte[] samples) {
        int d = samples.length;
        int h = Integer.parseInt(file.meta("hidden"));
        OutputHead head = OutputHead.parse(file.meta("output"));
        int p = head.parameters();
        int[] order = file.ints("order");
        float[] w = file.floats("W");
        float[] b = file.floats("b");
        float[] v = file.floats("V");
        float[] c = file.floats("c");
        List<ReferenceTables.Step> steps = new ArrayList<>();
        for (int s = 0; s < d; s++) {
            double[] hidden = new double[h];
            for (int k = 0; k < h; k++) {
                double a = b[k];
                for (int t = 0; t < s; t++) {
                    int j = order[t];
                    a += w[k * d + j] * ((samples[j] & 0xFF) / 127.5 - 1);
                }
                hidden[k] = a >= 0 ? 1 / (1 + StrictMath.exp(-a)) : StrictMath.exp(a) / (1 + StrictMath.exp(a));
            }
            int sample = order[s];
            double[] outputs = new double[p];
            for (int r = 0; r < p; r++) {
                int row = sample * p + r;
                double sum = c[row];
                for (int k = 0; k < h; k++) {
                    sum += v[row * h + k] * hidden[k];
                }
                outputs[r] = sum;
            }
            double[] table = new double[256];
            head.probabilities(outputs, 0, table);
            steps.add(ReferenceTables.step(sample, table));
        }
        return steps;
    }

    @ParameterizedTest
    @MethodSource("specs")
    void equalsTheStraightforwardEvaluationExactly(Spec spec) {
        WeightFile file = file(spec);
        AutoregressiveModel model = NetworkLoader.load(file);
        for (long seed = 0; seed < 3; seed++) {
            byte[] samples = image(spec, seed);
            List<ReferenceTables.Step> expected = reference(file, samples);
            ReferenceTables.assertSame(expected, ReferenceTables.sequential(model, layout(spec), samples), spec + " sequential");
            ReferenceTables.assertSame(expected, ReferenceTables.batch(model, layout(spec), samples), spec + " batch");
        }
    }

    /** Pins the tables of a fixed model and image; see MadeModelTest.tablesMatchTheGoldenDigest. */
    @Test
    void tablesMatchTheGoldenDigest() {
        AutoregressiveModel model = NetworkLoader.load(file(RASTER_MIXTURE));
        assertEquals(GOLDEN_RASTER_MIXTURE, ReferenceTables.digest(
                ReferenceTables.sequential(model, layout(RASTER_MIXTURE), image(RASTER_MIXTURE, 42))));
    }

    static final String GOLDEN_RASTER_MIXTURE =
            "0ad8eaceb8ed63e3d03c9fed6e022886b2efe52b14e5721e9a30fd920c4b0275";

    @ParameterizedTest
    @MethodSource("specs")
    void roundTripsThroughTheCodec(Spec spec) {
        AutoregressiveModel model = NetworkLoader.load(file(spec));
        ColorType type = spec.channels() == 1 ? ColorType.GRAY : ColorType.RGB;
        for (long seed = 0; seed < 3; seed++) {
            byte[] samples = image(spec, seed);
            RasterImage image = RasterImage.of(spec.width(), spec.height(), type, 8, samples);
            byte[] arc = Arcodec.compress(image, model).bytes();
            assertArrayEquals(samples, Arcodec.decompress(arc, ModelCatalog.bundled().with(model)).samples());
        }
    }

    @Test
    void refusesOtherLayouts() {
        AutoregressiveModel model = NetworkLoader.load(file(RASTER_MIXTURE));
        assertNotNull(model.unsupportedReason(new SampleLayout(4, 5, 1, 256)));
    }
}
