package org.arcodec.internal.conv;

import org.arcodec.Arcodec;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Compressed;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.conv.RandomConvNetworks.Spec;
import org.arcodec.internal.nn.OutputHead;
import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.RandomNetworks.SplitMix;
import org.arcodec.internal.weights.ReferenceTables;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.AutoregressiveModelContract;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ConvModelTest {
    static final Spec PIXELCNN_SOFTMAX = new Spec("pixelcnn-softmax", "pixelcnn", 1, 6, 2, "softmax", 1);
    static final Spec PIXELCNN_MIXTURE = new Spec("pixelcnn-mix", "pixelcnn", 1, 4, 1, "logistic_mixture:3", 2);
    static final Spec PIXELCNN_RGB = new Spec("pixelcnn-rgb", "pixelcnn", 3, 4, 1, "logistic_mixture:2", 3);
    static final Spec GATED_SOFTMAX = new Spec("gated-softmax", "gated_pixelcnn", 1, 4, 2, "softmax", 4);
    static final Spec GATED_MIXTURE = new Spec("gated-mix", "gated_pixelcnn", 1, 6, 1, "logistic_mixture:2", 5);
    static final Spec PP_MIXTURE = new Spec("pp-mix", "pixelcnn_pp", 1, 4, 2, "logistic_mixture:3", 6);
    static final Spec PP_SOFTMAX = new Spec("pp-softmax", "pixelcnn_pp", 1, 4, 1, "softmax", 7);
    static final Spec PP_RGB = new Spec("pp-rgb", "pixelcnn_pp", 3, 5, 2, "logistic_mixture:3", 8);

    static List<Spec> specs() {
        return List.of(PIXELCNN_SOFTMAX, PIXELCNN_MIXTURE, PIXELCNN_RGB, GATED_SOFTMAX, GATED_MIXTURE, PP_MIXTURE,
                PP_SOFTMAX, PP_RGB);
    }

    /** 1x1, one column, one row, tiny, and below every receptive field (PixelCNN's is 7 wide and more). */
    static List<int[]> sizes() {
        return List.of(new int[] {1, 1}, new int[] {1, 6}, new int[] {6, 1}, new int[] {2, 3}, new int[] {9, 7},
                new int[] {4, 5});
    }

    static byte[] image(SampleLayout layout, long seed) {
        SplitMix random = new SplitMix(seed);
        byte[] samples = new byte[(int) layout.samples()];
        int base = random.nextInt(256);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : base + random.nextInt(9));
        }
        return samples;
    }

    abstract static class Contract extends AutoregressiveModelContract {
        private final Spec spec;
        private final AutoregressiveModel model;

        Contract(Spec spec) {
            this.spec = spec;
            this.model = RandomConvNetworks.load(spec);
        }

        @Override
        protected AutoregressiveModel model() {
            return model;
        }

        @Override
        protected List<SampleLayout> layouts() {
            return sizes().stream().map(s -> spec.layout(s[0], s[1])).toList();
        }
    }

    @Nested
    class PixelCnnSoftmax extends Contract {
        PixelCnnSoftmax() {
            super(PIXELCNN_SOFTMAX);
        }
    }

    @Nested
    class PixelCnnRgb extends Contract {
        PixelCnnRgb() {
            super(PIXELCNN_RGB);
        }
    }

    @Nested
    class GatedPixelCnnSoftmax extends Contract {
        GatedPixelCnnSoftmax() {
            super(GATED_SOFTMAX);
        }
    }

    @Nested
    class GatedPixelCnnMixture extends Contract {
        GatedPixelCnnMixture() {
            super(GATED_MIXTURE);
        }
    }

    @Nested
    class PixelCnnPlusPlusMixture extends Contract {
        PixelCnnPlusPlusMixture() {
            super(PP_MIXTURE);
        }
    }

    @Nested
    class PixelCnnPlusPlusRgb extends Contract {
        PixelCnnPlusPlusRgb() {
            super(PP_RGB);
        }
    }

    @ParameterizedTest
    @MethodSource("specs")
    void streamEqualsTheWholeImageReferenceExactly(Spec spec) {
        WeightFile file = RandomConvNetworks.file(spec);
        ConvModel model = (ConvModel) NetworkLoader.load(file);
        long seed = 0;
        for (int[] size : sizes()) {
            SampleLayout layout = spec.layout(size[0], size[1]);
            byte[] samples = image(layout, seed++);
            assertSameParameters(model, file, layout, samples, spec + " " + layout);
            List<ReferenceTables.Step> expected = ConvReference.tables(file, layout, samples);
            ReferenceTables.assertSame(expected, ReferenceTables.sequential(model, layout, samples), spec + " sequential");
            ReferenceTables.assertSame(expected, ReferenceTables.batch(model, layout, samples), spec + " batch");
        }
    }

    /** The head parameters the stream gives each pixel are the reference's output node, bit for bit. */
    private static void assertSameParameters(ConvModel model, WeightFile file, SampleLayout layout, byte[] samples,
                                             String what) {
        assertSameParameters((ConvModel.Stream) model.open(layout), file, layout, samples, what);
    }

    private static void assertSameParameters(ConvModel.Stream stream, WeightFile file, SampleLayout layout,
                                             byte[] samples, String what) {
        float[] expected = ConvReference.outputs(file, layout, samples);
        int p = expected.length / (layout.width() * layout.height());
        QuantizedCdf cdf = new QuantizedCdf();
        for (int s = 0; s < samples.length; s++) {
            int sample = stream.next(cdf);
            if (sample % layout.channels() == 0) {
                int pixel = sample / layout.channels();
                double[] params = stream.headParameters();
                for (int k = 0; k < p; k++) {
                    if (params[k] != expected[pixel * p + k]) {
                        throw new AssertionError(what + ": pixel " + pixel + " parameter " + k + " is " + params[k]
                                + ", reference " + expected[pixel * p + k]);
                    }
                }
            }
            stream.observe(samples[sample] & 0xFF);
        }
    }

    /**
     * The batch path over every variant gives, for each, the very conditionals of a stream opened
     * with that variant (every edge of every sample), and each variant's differ from variant 0's.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void everyVariantOfTheBatchPathIsAStreamOfThatVariant(Spec spec) {
        ConvModel model = (ConvModel) NetworkLoader.load(RandomConvNetworks.file(spec));
        int variants = model.variants();
        if (spec.output().equals("softmax")) {
            assertEquals(1, variants, "a softmax head has no log-scales to vary");
            return;
        }
        assertEquals(ConvModel.LOG_SCALE_OFFSETS.length + ConvModel.LEARNING_RATES.length + ConvModel.ADAPTER_RATES.length,
                variants);
        SampleLayout layout = spec.layout(9, 4);
        byte[] samples = image(layout, 3);
        ConditionalStream[] single = new ConditionalStream[variants];
        QuantizedCdf[] cdfs = new QuantizedCdf[variants];
        for (int v = 0; v < variants; v++) {
            single[v] = model.open(layout, v);
            cdfs[v] = new QuantizedCdf();
        }
        QuantizedCdf expected = new QuantizedCdf();
        int[] differing = new int[variants];
        model.open(layout).forEachConditional(samples, cdfs, (index, all) -> {
            for (int v = 0; v < variants; v++) {
                assertEquals(index, single[v].next(expected));
                for (int symbol = 0; symbol < 256; symbol++) {
                    assertEquals(expected.cumulative(symbol), all[v].cumulative(symbol), spec + " variant " + v);
                    if (all[v].cumulative(symbol) != all[0].cumulative(symbol)) {
                        differing[v]++;
                    }
                }
                single[v].observe(samples[index] & 0xFF);
            }
        });
        for (int v = 1; v < variants; v++) {
            assertTrue(differing[v] > 0, spec + ": variant " + v + " is variant 0");
        }
        assertThrows(IllegalArgumentException.class, () -> model.open(layout, variants));
    }

    /**
     * Streams on 1 thread and pipelined on 2, 3 and 7 (more than this machine may have cores; the
     * row helper runs on the common pool) give every pixel of 9 rows the reference's parameters,
     * bit for bit: the thread count changes nothing.
     */
    @ParameterizedTest
    @MethodSource("specs")
    void rowPassesGiveTheSameParametersOnAnyThreadCount(Spec spec) {
        WeightFile file = RandomConvNetworks.file(spec);
        ConvModel model = (ConvModel) NetworkLoader.load(file);
        SampleLayout layout = spec.layout(7 * ConvModel.PARALLEL_MIN_COLUMNS + 5, 9);
        byte[] samples = image(layout, 77);
        for (int threads : new int[] {1, 2, 3, 7}) {
            assertSameParameters(model.new Stream(layout.width(), layout.height(), threads), file, layout, samples,
                    spec + " on " + threads + " threads");
        }
    }

    @Test
    void rowsFourThousandPixelsWideMatchTheReference() {
        Spec spec = new Spec("pp-wide", "pixelcnn_pp", 3, 4, 1, "logistic_mixture:2", 9);
        WeightFile file = RandomConvNetworks.file(spec);
        SampleLayout layout = spec.layout(4000, 2);
        assertSameParameters((ConvModel) NetworkLoader.load(file), file, layout, image(layout, 1), spec.toString());
    }

    /**
     * A 4000x3000 stream of the realistic sizes fits well within -Xmx1g: its rows take the same
     * memory as a 4000x1 stream's, and well under 400 MB.
     */
    @ParameterizedTest
    @MethodSource("largeSpecs")
    void streamMemoryGrowsWithWidthNotArea(Spec spec) {
        ConvModel model = zeroWeights(spec);
        long bytes = ((ConvModel.Stream) model.open(spec.layout(4000, 3000))).bufferBytes();
        assertTrue(bytes < 400L << 20, spec + ": " + (bytes >> 20) + " MiB");
        assertEquals(bytes, ((ConvModel.Stream) model.open(spec.layout(4000, 1))).bufferBytes(), spec.toString());
        long half = ((ConvModel.Stream) model.open(spec.layout(2000, 1))).bufferBytes();
        assertTrue(bytes <= 2 * half, spec + ": " + bytes + " bytes at width 4000, " + half + " at 2000");
    }

    static List<Spec> largeSpecs() {
        return List.of(new Spec("pixelcnn-64", "pixelcnn", 3, 64, 5, "logistic_mixture:10", 0),
                new Spec("gated-64", "gated_pixelcnn", 3, 64, 5, "logistic_mixture:10", 0),
                new Spec("pp-64", "pixelcnn_pp", 3, 64, 5, "logistic_mixture:10", 0),
                new Spec("pp-64-gray", "pixelcnn_pp", 1, 64, 5, "softmax", 0));
    }

    /** A model of the spec's shape with all-zero tensors: built without writing a weight file. */
    private static ConvModel zeroWeights(Spec spec) {
        ConvGraph graph = spec.network();
        int count = graph.nodes().size();
        float[][] w = new float[count][];
        float[][] b = new float[count][];
        for (ConvGraph.Node n : graph.nodes()) {
            if (n.op() == ConvGraph.Op.CONV) {
                w[n.id()] = new float[n.fh() * n.fw() * graph.node(n.inputs()[0]).channels() * n.channels()];
                b[n.id()] = new float[n.channels()];
            }
        }
        return new ConvModel(spec.name(), new byte[32], graph, OutputHead.parse(spec.output()), w, b);
    }

    /**
     * Per-pixel work allocates nothing: a stream's arrays are all made when it opens. The Vector
     * API kernel allocates until HotSpot has compiled it, so a run may repeat (up to 100 times)
     * until one allocates nothing.
     */
    @Test
    void codingAllocatesNothingPerSample() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (Spec spec : List.of(PIXELCNN_SOFTMAX, GATED_MIXTURE, PP_RGB)) {
            AutoregressiveModel model = RandomConvNetworks.load(spec);
            SampleLayout layout = spec.layout(24, 24);
            byte[] samples = image(layout, 5);
            long allocated = 0;
            for (int run = 0; run < 3 || (allocated >= 1024 && run < 100); run++) {
                ConditionalStream stream = model.open(layout);
                QuantizedCdf cdf = new QuantizedCdf();
                long before = 0;
                for (int s = 0; s < samples.length; s++) {
                    if (s == samples.length / 4) {
                        before = threads.getThreadAllocatedBytes(thread);
                    }
                    stream.observe(samples[stream.next(cdf)] & 0xFF);
                }
                allocated = threads.getThreadAllocatedBytes(thread) - before;
            }
            assertTrue(allocated < 1024, spec + ": " + allocated + " bytes allocated over " + samples.length * 3 / 4
                    + " samples");
        }
    }

    @Test
    void refusesLayoutsItCannotCode() {
        AutoregressiveModel gray = RandomConvNetworks.load(PP_MIXTURE);
        assertNull(gray.unsupportedReason(new SampleLayout(1, 1, 1, 256)));
        assertNull(gray.unsupportedReason(new SampleLayout(3000, 17, 1, 256)));
        assertEquals("model pp-mix codes only images with 1 channel of 256 values, not 4x5 images with 3 channels of 256"
                + " values", gray.unsupportedReason(new SampleLayout(4, 5, 3, 256)));
        assertNotNull(gray.unsupportedReason(new SampleLayout(4, 5, 1, 16)));
        assertThrows(IllegalArgumentException.class, () -> gray.open(new SampleLayout(4, 5, 2, 256)));
        AutoregressiveModel rgb = RandomConvNetworks.load(PP_RGB);
        assertNotNull(rgb.unsupportedReason(new SampleLayout(4, 5, 1, 256)));
        assertNotNull(rgb.unsupportedReason(new SampleLayout(4, 5, 4, 256)));
        ConvModel wide = zeroWeights(largeSpecs().get(2));
        assertEquals("model pp-64 would need 3968 MiB of activations for images 50000 pixels wide, more than its limit"
                + " of 1024 MiB", wide.unsupportedReason(new SampleLayout(50000, 2, 3, 256)));
        RasterImage other = RasterImage.of(4, 4, ColorType.RGB, 8, new byte[48]);
        assertThrows(ArcodecException.class, () -> Arcodec.compress(other, gray));
    }

    @Test
    void streamRefusesMisuse() {
        ConditionalStream stream = RandomConvNetworks.load(PP_RGB).open(new SampleLayout(1, 1, 3, 256));
        QuantizedCdf cdf = new QuantizedCdf();
        assertThrows(IllegalStateException.class, () -> stream.observe(1));
        assertEquals(0, stream.next(cdf));
        assertThrows(IllegalStateException.class, () -> stream.next(cdf));
        assertThrows(IllegalArgumentException.class, () -> stream.observe(256));
        stream.observe(7);
        assertEquals(1, stream.next(cdf));
        stream.observe(8);
        assertEquals(2, stream.next(cdf));
        stream.observe(9);
        assertThrows(IllegalStateException.class, () -> stream.next(cdf));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void roundTripsThroughTheCodec(Spec spec) {
        AutoregressiveModel model = RandomConvNetworks.load(spec);
        ModelCatalog catalog = ModelCatalog.bundled().with(model);
        ColorType type = spec.channels() == 1 ? ColorType.GRAY : ColorType.RGB;
        for (int[] size : List.of(new int[] {1, 1}, new int[] {11, 6})) {
            SampleLayout layout = spec.layout(size[0], size[1]);
            byte[] samples = image(layout, size[0]);
            RasterImage image = RasterImage.of(size[0], size[1], type, 8, samples);
            Compressed compressed = Arcodec.compress(image, model);
            assertArrayEquals(samples, Arcodec.decompress(compressed.bytes(), catalog).samples(), spec.toString());
        }
    }

    /** Version 1 coded mixtures with whole tables; such a file is refused by name, never decoded wrongly. */
    @Test
    void aVersionOneFileOfAMixtureModelIsRefusedWithAMessage() {
        AutoregressiveModel model = RandomConvNetworks.load(PP_RGB);
        byte[] samples = image(PP_RGB.layout(4, 3), 5);
        byte[] arc = Arcodec.compress(RasterImage.of(4, 3, ColorType.RGB, 8, samples), model).bytes();
        int headerLength = Arcodec.inspect(arc).headerBytes();
        arc[4] = 1;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(arc, 0, headerLength - 4);
        java.nio.ByteBuffer.wrap(arc, headerLength - 4, 4).putInt((int) crc.getValue());
        assertEquals(1, Arcodec.inspect(arc).formatVersion());
        ArcodecException e = assertThrows(ArcodecException.class,
                () -> Arcodec.decompress(arc, ModelCatalog.bundled().with(model)));
        assertTrue(e.getMessage().contains("format version 1, in which model 'pp-rgb' coded with tables this arcodec"
                + " no longer computes"), e.getMessage());
    }

    @Test
    void roundTripsFromAWeightFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("pp-rgb.arcm");
        Files.write(path, RandomConvNetworks.bytes(PP_RGB));
        AutoregressiveModel model = ModelCatalog.load(path);
        byte[] samples = image(PP_RGB.layout(7, 5), 3);
        RasterImage image = RasterImage.of(7, 5, ColorType.RGB, 8, samples);
        byte[] arc = Arcodec.compress(image, model).bytes();
        ModelCatalog catalog = ModelCatalog.bundled().withFile(path);
        assertArrayEquals(samples, Arcodec.decompress(arc, catalog).samples());
        assertEquals("conv pixelcnn_pp, 3 channel(s), features 5, depth 2, logistic_mixture:3 (" + path + ")",
                catalog.description("pp-rgb"));
    }

    /**
     * Pins the tables of fixed models and images. Weights from SplitMix64, float32 ops in a fixed
     * order and StrictMath make these digests the same on every JVM and CPU; if one changes,
     * .arc files coded with convolutional models no longer decode.
     */
    @Test
    void tablesMatchTheGoldenDigests() {
        SampleLayout rgb = PP_RGB.layout(6, 5);
        assertEquals(GOLDEN_PP_RGB, ReferenceTables.digest(
                ReferenceTables.sequential(RandomConvNetworks.load(PP_RGB), rgb, image(rgb, 42))));
        SampleLayout gray = GATED_SOFTMAX.layout(7, 4);
        assertEquals(GOLDEN_GATED_SOFTMAX, ReferenceTables.digest(
                ReferenceTables.sequential(RandomConvNetworks.load(GATED_SOFTMAX), gray, image(gray, 42))));
        SampleLayout pixelcnn = PIXELCNN_MIXTURE.layout(9, 8);
        assertEquals(GOLDEN_PIXELCNN_MIXTURE, ReferenceTables.digest(
                ReferenceTables.sequential(RandomConvNetworks.load(PIXELCNN_MIXTURE), pixelcnn, image(pixelcnn, 42))));
    }

    static final String GOLDEN_PP_RGB = "b57271e2e15282fecd5865d38cd73a0089beeda3c034f6eb2c34df4767fb6ed1";
    static final String GOLDEN_GATED_SOFTMAX = "e9979ab61361969ece5c8a019caf39daf6aac9d05418bc6cf3f03576c6098328";
    static final String GOLDEN_PIXELCNN_MIXTURE = "9463d5a4cb9eed7c2b290e3361e5cdea4027e1e2d75340ecbaf29934a9d5fd67";

    @Test
    void threadsSharingTheModelGetTheSameTables() throws Exception {
        AutoregressiveModel model = RandomConvNetworks.load(PP_RGB);
        SampleLayout layout = PP_RGB.layout(5, 4);
        byte[] samples = image(layout, 9);
        String expected = ReferenceTables.digest(ReferenceTables.sequential(model, layout, samples));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> ReferenceTables.digest(ReferenceTables.sequential(model, layout, samples))));
            }
            for (Future<String> result : results) {
                assertEquals(expected, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loaderNamesWhatIsWrong() {
        byte[] good = RandomConvNetworks.bytes(GATED_SOFTMAX);
        assertLoadError("f: unknown graph 'pixelcnn3'; known: pixelcnn, gated_pixelcnn, pixelcnn_pp",
                rewrite(good, "graph", "pixelcnn3"));
        assertLoadError("f: output softmax codes one sample per pixel; 3 channels need logistic_mixture:K",
                rewrite(good, "channels", "3"));
        assertLoadError("f: meta 'channels' must be 1 or 3, got 2", rewrite(good, "channels", "2"));
        assertLoadError("f: meta 'channels' must be in [1, 3], got 4", rewrite(good, "channels", "4"));
        assertLoadError("f: weight file has no meta key 'features'", rewrite(good, "features", null));
        assertLoadError("f: unknown output 'gaussian'; known: softmax, logistic_mixture:K",
                rewrite(good, "output", "gaussian"));
        assertLoadError("f: weight file has no tensor 'n21.w'", rewrite(good, "depth", "3"));
        assertLoadError("f: tensor 'n14.w' has shape [1, 2, 4, 8], expected [1, 1, 4, 4]", rewrite(good, "depth", "1"));
        assertLoadError("f: tensor 'n1.w' has shape [2, 3, 2, 4], expected [2, 3, 2, 5]",
                rewrite(good, "features", "5"));
        assertLoadError("f: weight file has no tensor 'n3.b'", replace(good, "n3.b", b -> { }));
        assertLoadError("f: tensor 'n3.w' has shape [3, 1, 2, 4], expected [1, 3, 2, 4]",
                replace(good, "n3.w", b -> b.floats("n3.w", new int[] {3, 1, 2, 4}, new float[24])));
        float[] bias = new float[4];
        bias[2] = Float.POSITIVE_INFINITY;
        assertLoadError("f: tensor 'n3.b' entry 2 is Infinity",
                replace(good, "n3.b", b -> b.floats("n3.b", new int[] {4}, bias)));
        assertLoadError("f: tensor 'extra' is not part of the gated_pixelcnn graph with features=4, depth=2",
                replace(good, "none", b -> b.floats("extra", new int[] {1}, new float[1])));
    }

    private static void assertLoadError(String message, byte[] file) {
        ArcodecException e = assertThrows(ArcodecException.class, () -> NetworkLoader.load(WeightFile.read(file, "f")));
        assertEquals(message, e.getMessage());
    }

    /** The file with one meta value changed (removed when null). */
    private static byte[] rewrite(byte[] bytes, String key, String value) {
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
        copyFloats(file, builder, null);
        return builder.toBytes();
    }

    /** The file with one tensor replaced by what {@code add} adds. */
    private static byte[] replace(byte[] bytes, String tensor, Consumer<WeightFile.Builder> add) {
        WeightFile file = WeightFile.read(bytes, "f");
        WeightFile.Builder builder = WeightFile.builder();
        file.meta().forEach(builder::meta);
        copyFloats(file, builder, tensor);
        add.accept(builder);
        return builder.toBytes();
    }

    private static void copyFloats(WeightFile file, WeightFile.Builder builder, String skip) {
        for (String name : file.tensorNames()) {
            if (!name.equals(skip)) {
                builder.floats(name, file.dims(name), file.floats(name));
            }
        }
    }
}
