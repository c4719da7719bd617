package org.arcodec.internal.made;

import org.arcodec.Arcodec;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Compressed;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.RandomNetworks;
import org.arcodec.internal.weights.RandomNetworks.Ordering;
import org.arcodec.internal.weights.RandomNetworks.Spec;
import org.arcodec.internal.weights.ReferenceTables;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.AutoregressiveModelContract;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MadeModelTest {
    static final Spec RASTER_ONE_MASK = new Spec("made-raster", 5, 4, 1, new int[] {8}, 1, false,
            "logistic_mixture:3", Ordering.RASTER, 1);
    static final Spec COLUMN_THREE_MASKS_DIRECT = new Spec("made-column", 5, 4, 1, new int[] {8, 8}, 3, true,
            "logistic_mixture:5", Ordering.COLUMN, 2);
    static final Spec RANDOM_SOFTMAX_DIRECT = new Spec("made-random", 5, 4, 1, new int[] {8, 6}, 1, true,
            "softmax", Ordering.RANDOM, 3);
    static final Spec RANDOM_SOFTMAX_THREE_MASKS = new Spec("made-random3", 5, 4, 1, new int[] {8, 8, 8}, 3, false,
            "softmax", Ordering.RANDOM, 4);
    static final Spec RGB_TWO_MASKS = new Spec("made-rgb", 3, 2, 3, new int[] {12}, 2, true,
            "logistic_mixture:2", Ordering.RASTER, 5);
    static final Spec TWO_SAMPLES = new Spec("made-two", 2, 1, 1, new int[] {3}, 1, true,
            "logistic_mixture:1", Ordering.RANDOM, 6);

    static List<Spec> specs() {
        return List.of(RASTER_ONE_MASK, COLUMN_THREE_MASKS_DIRECT, RANDOM_SOFTMAX_DIRECT, RANDOM_SOFTMAX_THREE_MASKS,
                RGB_TWO_MASKS, TWO_SAMPLES);
    }

    static WeightFile file(Spec spec) {
        return WeightFile.read(RandomNetworks.made(spec), spec.name() + ".arcm");
    }

    static AutoregressiveModel load(Spec spec) {
        return NetworkLoader.load(file(spec));
    }

    static SampleLayout layout(Spec spec) {
        return new SampleLayout(spec.width(), spec.height(), spec.channels(), 256);
    }

    static byte[] image(Spec spec, long seed) {
        RandomNetworks.SplitMix random = new RandomNetworks.SplitMix(seed);
        byte[] samples = new byte[spec.inputs()];
        int base = random.nextInt(256);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : base + random.nextInt(9));
        }
        return samples;
    }

    /** The contract for one configuration. */
    abstract static class Contract extends AutoregressiveModelContract {
        private final Spec spec;
        private final AutoregressiveModel model;

        Contract(Spec spec) {
            this.spec = spec;
            this.model = load(spec);
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
    class RasterOneMaskMixture extends Contract {
        RasterOneMaskMixture() {
            super(RASTER_ONE_MASK);
        }
    }

    @Nested
    class ColumnThreeMasksDirectMixture extends Contract {
        ColumnThreeMasksDirectMixture() {
            super(COLUMN_THREE_MASKS_DIRECT);
        }
    }

    @Nested
    class RandomOrderSoftmaxDirect extends Contract {
        RandomOrderSoftmaxDirect() {
            super(RANDOM_SOFTMAX_DIRECT);
        }
    }

    @Nested
    class RandomOrderSoftmaxThreeMasksThreeLayers extends Contract {
        RandomOrderSoftmaxThreeMasksThreeLayers() {
            super(RANDOM_SOFTMAX_THREE_MASKS);
        }
    }

    @Nested
    class RgbTwoMasks extends Contract {
        RgbTwoMasks() {
            super(RGB_TWO_MASKS);
        }
    }

    @Nested
    class TwoSamples extends Contract {
        TwoSamples() {
            super(TWO_SAMPLES);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void bothPathsEqualTheNaiveForwardPassExactly(Spec spec) {
        WeightFile file = file(spec);
        AutoregressiveModel model = NetworkLoader.load(file);
        for (long seed = 0; seed < 3; seed++) {
            byte[] samples = image(spec, seed);
            List<ReferenceTables.Step> expected = MadeReference.tables(file, samples);
            ReferenceTables.assertSame(expected, ReferenceTables.sequential(model, layout(spec), samples),
                    spec + " sequential");
            ReferenceTables.assertSame(expected, ReferenceTables.batch(model, layout(spec), samples), spec + " batch");
        }
    }

    @Test
    void codesInTheFileOrder() {
        WeightFile file = file(RANDOM_SOFTMAX_DIRECT);
        List<ReferenceTables.Step> steps = ReferenceTables.sequential(NetworkLoader.load(file),
                layout(RANDOM_SOFTMAX_DIRECT), image(RANDOM_SOFTMAX_DIRECT, 1));
        int[] order = file.ints("order");
        for (int s = 0; s < order.length; s++) {
            assertEquals(order[s], steps.get(s).sample());
        }
    }

    /**
     * Pins the tables of a fixed model and image. The weights come from SplitMix64 and the
     * evaluation is StrictMath and plain IEEE arithmetic, so this digest is the same on every JVM,
     * CPU and OS; if it changes, .arc files coded with MADE models no longer decode.
     */
    @Test
    void tablesMatchTheGoldenDigest() {
        AutoregressiveModel model = load(COLUMN_THREE_MASKS_DIRECT);
        byte[] samples = image(COLUMN_THREE_MASKS_DIRECT, 42);
        String digest = ReferenceTables.digest(ReferenceTables.sequential(model, layout(COLUMN_THREE_MASKS_DIRECT), samples));
        assertEquals(GOLDEN_COLUMN_THREE_MASKS_DIRECT, digest);
        AutoregressiveModel softmax = load(RANDOM_SOFTMAX_DIRECT);
        String softmaxDigest = ReferenceTables.digest(ReferenceTables.batch(softmax, layout(RANDOM_SOFTMAX_DIRECT),
                image(RANDOM_SOFTMAX_DIRECT, 42)));
        assertEquals(GOLDEN_RANDOM_SOFTMAX_DIRECT, softmaxDigest);
    }

    static final String GOLDEN_COLUMN_THREE_MASKS_DIRECT =
            "200fdee53a416c3c4129094ea57464eaffa7708f2d5bb1a71bb9c1b3a14f2f70";
    static final String GOLDEN_RANDOM_SOFTMAX_DIRECT =
            "c7c466fb9a78fb9439dc14916a3fdf7c8d8221ab8660b33f7224610d4d01cd88";

    @Test
    void threadsSharingTheModelGetTheSameTables() throws Exception {
        AutoregressiveModel model = load(RGB_TWO_MASKS);
        byte[] samples = image(RGB_TWO_MASKS, 9);
        String expected = ReferenceTables.digest(ReferenceTables.sequential(model, layout(RGB_TWO_MASKS), samples));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                boolean batch = t % 2 == 0;
                results.add(pool.submit(() -> ReferenceTables.digest(batch
                        ? ReferenceTables.batch(model, layout(RGB_TWO_MASKS), samples)
                        : ReferenceTables.sequential(model, layout(RGB_TWO_MASKS), samples))));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void roundTripsThroughTheCodec(Spec spec) {
        AutoregressiveModel model = load(spec);
        ColorType type = switch (spec.channels()) {
            case 1 -> ColorType.GRAY;
            case 2 -> ColorType.GRAY_ALPHA;
            case 3 -> ColorType.RGB;
            default -> ColorType.RGBA;
        };
        ModelCatalog catalog = ModelCatalog.bundled().with(model);
        for (long seed = 0; seed < 3; seed++) {
            byte[] samples = image(spec, seed);
            RasterImage image = RasterImage.of(spec.width(), spec.height(), type, 8, samples);
            Compressed compressed = Arcodec.compress(image, model);
            RasterImage back = Arcodec.decompress(compressed.bytes(), catalog);
            assertArrayEquals(samples, back.samples(), spec.toString());
        }
    }

    @Test
    void refusesOtherLayouts() {
        AutoregressiveModel model = load(RASTER_ONE_MASK);
        assertNull(model.unsupportedReason(new SampleLayout(5, 4, 1, 256)));
        assertEquals("model made-raster codes only 5x4 images with 1 channel of 256 values, not 4x5 images with 1 channel"
                + " of 256 values", model.unsupportedReason(new SampleLayout(4, 5, 1, 256)));
        assertNotNull(model.unsupportedReason(new SampleLayout(5, 4, 3, 256)));
        assertNotNull(model.unsupportedReason(new SampleLayout(5, 4, 1, 16)));
        assertThrows(IllegalArgumentException.class, () -> model.open(new SampleLayout(5, 4, 1, 2)));
        RasterImage other = RasterImage.of(4, 4, ColorType.GRAY, 8, new byte[16]);
        assertThrows(ArcodecException.class, () -> Arcodec.compress(other, model));
    }

    @Test
    void streamRefusesMisuse() {
        AutoregressiveModel model = load(TWO_SAMPLES);
        ConditionalStream stream = model.open(layout(TWO_SAMPLES));
        QuantizedCdf cdf = new QuantizedCdf();
        assertThrows(IllegalStateException.class, () -> stream.observe(1));
        stream.next(cdf);
        assertThrows(IllegalStateException.class, () -> stream.next(cdf));
        assertThrows(IllegalArgumentException.class, () -> stream.observe(256));
        stream.observe(7);
        stream.next(cdf);
        stream.observe(8);
        assertThrows(IllegalStateException.class, () -> stream.next(cdf));
        assertThrows(IllegalStateException.class,
                () -> stream.forEachConditional(new byte[2], cdf, (sample, table) -> { }));
    }

    @Test
    void loaderNamesWhatIsWrong() {
        byte[] good = RandomNetworks.made(RASTER_ONE_MASK);
        assertLoadError("f: unknown arch 'pixelcnn'; this codec knows made, nade, conv", rewrite(good, "arch", "pixelcnn"));
        assertLoadError("f: weight file has no meta key 'masks'", rewrite(good, "masks", null));
        assertLoadError("f: meta direct must be true or false, got 'yes'", rewrite(good, "direct", "yes"));
        assertLoadError("f: tensor 'A' is present but meta direct=false",
                rewrite(RandomNetworks.made(COLUMN_THREE_MASKS_DIRECT), "direct", "false"));
        assertLoadError("f: weight file has no tensor 'A'", rewrite(good, "direct", "true"));
        assertLoadError("f: weight file has no tensor 'mask1.m1'", rewrite(good, "masks", "2"));
        assertLoadError("f: tensor 'W1' has shape [8, 20], expected [9, 20]", rewrite(good, "hidden", "9"));
        assertLoadError("f: unknown output 'gaussian'; known: softmax, logistic_mixture:K", rewrite(good, "output", "gaussian"));
        assertLoadError("f: meta 'width' must be an integer, got 'five'", rewrite(good, "width", "five"));
        assertLoadError("f: model name 'has space' must be 1 to 64 printable ASCII characters without spaces",
                rewrite(good, "name", "has space"));
        assertLoadError("f: tensor 'order' is not a permutation of 0..19: entry 1 is 0",
                replace(good, "order", b -> b.ints("order", new int[] {20}, new int[20])));
        int[] numbers = new int[8];
        Arrays.fill(numbers, 20);
        assertLoadError("f: tensor 'mask0.m1' entry 0 is 20, outside 1..19",
                replace(good, "mask0.m1", b -> b.ints("mask0.m1", new int[] {8}, numbers)));
        float[] bias = new float[8];
        bias[3] = Float.NaN;
        assertLoadError("f: tensor 'b1' entry 3 is NaN", replace(good, "b1", b -> b.floats("b1", new int[] {8}, bias)));
    }

    private static void assertLoadError(String message, byte[] file) {
        ArcodecException e = assertThrows(ArcodecException.class, () -> NetworkLoader.load(WeightFile.read(file, "f")));
        assertEquals(message, e.getMessage());
    }

    /** The file with one meta value changed (removed when null). */
    static byte[] rewrite(byte[] bytes, String key, String value) {
        WeightFile file = WeightFile.read(bytes, "f");
        WeightFile.Builder builder = WeightFile.builder();
        file.meta().forEach((k, v) -> {
            if (!k.equals(key)) {
                builder.meta(k, v);
            }
        });
        if (value != null) {
            builder.meta(key, value);
        }
        copyTensors(file, builder, null);
        return builder.toBytes();
    }

    /** The file with one tensor replaced by what {@code add} adds. */
    static byte[] replace(byte[] bytes, String tensor, java.util.function.Consumer<WeightFile.Builder> add) {
        WeightFile file = WeightFile.read(bytes, "f");
        WeightFile.Builder builder = WeightFile.builder();
        file.meta().forEach(builder::meta);
        copyTensors(file, builder, tensor);
        add.accept(builder);
        return builder.toBytes();
    }

    private static void copyTensors(WeightFile file, WeightFile.Builder builder, String skip) {
        for (String name : file.tensorNames()) {
            if (name.equals(skip)) {
                continue;
            }
            try {
                builder.floats(name, file.dims(name), file.floats(name));
            } catch (ArcodecException e) {
                builder.ints(name, file.dims(name), file.ints(name));
            }
        }
    }

    @Test
    void sequentialDecodeComputesEachHiddenUnitOnce() {
        // Cost check through the public API: the sequential path of a model with many steps takes
        // about as long as the batch path, not D times longer. Timing is noisy, so the bound is loose.
        Spec spec = new Spec("made-cost", 16, 16, 1, new int[] {64, 64}, 1, false, "logistic_mixture:2",
                Ordering.RASTER, 7);
        AutoregressiveModel model = load(spec);
        byte[] samples = image(spec, 1);
        for (int warm = 0; warm < 5; warm++) {
            ReferenceTables.sequential(model, layout(spec), samples);
            ReferenceTables.batch(model, layout(spec), samples);
        }
        long batch = Long.MAX_VALUE;
        long sequential = Long.MAX_VALUE;
        for (int run = 0; run < 5; run++) {
            long t0 = System.nanoTime();
            ReferenceTables.batch(model, layout(spec), samples);
            long t1 = System.nanoTime();
            ReferenceTables.sequential(model, layout(spec), samples);
            long t2 = System.nanoTime();
            batch = Math.min(batch, t1 - t0);
            sequential = Math.min(sequential, t2 - t1);
        }
        assertTrue(sequential < 8 * batch, "sequential " + sequential / 1000 + " us vs batch " + batch / 1000 + " us");
    }
}
