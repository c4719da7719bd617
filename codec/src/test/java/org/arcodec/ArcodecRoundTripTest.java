package org.arcodec;

import org.arcodec.SyntheticImages.Content;
import org.arcodec.SyntheticImages.Layout;
import org.arcodec.model.AutoregressiveModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArcodecRoundTripTest {
    private static final ModelCatalog MODELS = ModelCatalog.bundled();
    private static final int[][] SIZES = {{1, 1}, {7, 5}, {13, 1}, {1, 13}, {64, 48}};

    static List<Layout> layouts() {
        return SyntheticImages.allLayouts();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void everyLayoutSizeAndContentRoundTrips(Layout layout) {
        long seed = 1;
        for (int[] size : SIZES) {
            for (Content content : Content.values()) {
                RasterImage image = SyntheticImages.create(layout, size[0], size[1], content, seed++);
                Compressed compressed = Arcodec.compress(image, MODELS.get(ModelCatalog.DEFAULT_MODEL));
                RasterImage decoded = Arcodec.decompress(compressed.bytes(), MODELS);
                assertEquals(image, decoded, () -> layout + " " + size[0] + "x" + size[1] + " " + content);
            }
        }
    }

    @Test
    void payloadCostsWhatTheModelPredicts() {
        Layout rgb = new Layout(ColorType.RGB, 8, 0, false);
        RasterImage image = SyntheticImages.create(rgb, 200, 150, Content.GRADIENT, 42);
        Compressed compressed = Arcodec.compress(image, MODELS.get(ModelCatalog.DEFAULT_MODEL));
        ArcInfo info = Arcodec.inspect(compressed.bytes());
        double payloadBits = 8.0 * info.payloadBytes();
        double ideal = compressed.idealBits();
        assertTrue(payloadBits <= ideal * 1.001 + 64,
                () -> "payload " + payloadBits + " bits vs model NLL " + ideal + " bits");
        assertTrue(payloadBits >= ideal * 0.999 - 64,
                () -> "payload " + payloadBits + " bits is below the model NLL " + ideal + " bits");
        assertEquals(8.0 * compressed.bytes().length / (200 * 150 * 3), compressed.bitsPerSample(), 1e-12);
        assertEquals(info.bitsPerSample(), compressed.bitsPerSample(), 1e-12);
    }

    @Test
    void inspectReportsTheHeader() {
        Layout palette = new Layout(ColorType.PALETTE, 4, 16, false);
        RasterImage image = SyntheticImages.create(palette, 31, 17, Content.NOISE, 3);
        byte[] arc = Arcodec.compress(image, MODELS.get("histogram")).bytes();
        ArcInfo info = Arcodec.inspect(arc);
        assertEquals(31, info.width());
        assertEquals(17, info.height());
        assertEquals(ColorType.PALETTE, info.colorType());
        assertEquals(4, info.bitDepth());
        assertEquals(16, info.paletteSize());
        assertEquals("histogram", info.modelName());
        assertEquals(16, info.modelDigest().length());
        assertEquals(arc.length, info.fileBytes());
        assertEquals(arc.length, info.headerBytes() + info.payloadBytes() + 4);
    }

    @Test
    void compressSmallestKeepsTheSmallestFileWhicheverOrderTheModelsComeIn() {
        RasterImage image = SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 40, 30, Content.GRADIENT, 7);
        AutoregressiveModel uniform = CompressedTestModels.constantModel("uniform", 1);
        AutoregressiveModel histogram = MODELS.get("histogram");
        byte[] byHistogram = Arcodec.compress(image, histogram).bytes();
        assertTrue(byHistogram.length < Arcodec.compress(image, uniform).bytes().length);
        for (List<AutoregressiveModel> models : List.of(List.of(uniform, histogram), List.of(histogram, uniform))) {
            List<long[]> reports = new ArrayList<>();
            Compressed smallest = Arcodec.compressSmallest(image, models, (done, total) -> reports.add(new long[]{done, total}));
            assertArrayEquals(byHistogram, smallest.bytes());
            assertEquals(image, Arcodec.decompress(smallest.bytes(), MODELS));
            long samples = 40L * 30 * 3;
            for (int i = 0; i < reports.size(); i++) {
                assertEquals(2 * samples, reports.get(i)[1]);
                assertTrue(i == 0 || reports.get(i)[0] > reports.get(i - 1)[0], "progress goes forward");
            }
            assertEquals(2 * samples, reports.get(reports.size() - 1)[0]);
        }
    }

    @Test
    void compressSmallestStopsALaterModelOnceItIsFarBehindAndStillReportsAllProgress() {
        byte[] coinFlips = new byte[200 * 100 * 3];
        Random random = new Random(7);
        for (int i = 0; i < coinFlips.length; i++) {
            coinFlips[i] = (byte) random.nextInt(2);
        }
        RasterImage image = RasterImage.of(200, 100, ColorType.RGB, 8, coinFlips);
        long samples = coinFlips.length;
        AutoregressiveModel histogram = MODELS.get("histogram");
        long[] asked = {0};
        AutoregressiveModel uniform = CompressedTestModels.counting(CompressedTestModels.constantModel("uniform", 1), asked);
        List<long[]> reports = new ArrayList<>();
        Compressed kept = Arcodec.compressSmallest(image, List.of(histogram, uniform),
                (done, total) -> reports.add(new long[]{done, total}));
        assertArrayEquals(Arcodec.compress(image, histogram).bytes(), kept.bytes());
        // About 7 bits a sample behind, the uniform model is 8,192 bits behind within two rows.
        assertTrue(asked[0] > 0 && asked[0] < samples / 10, "uniform model was asked " + asked[0] + " conditionals");
        for (int i = 1; i < reports.size(); i++) {
            assertTrue(reports.get(i)[0] > reports.get(i - 1)[0], "progress goes forward");
        }
        assertArrayEquals(new long[]{2 * samples, 2 * samples}, reports.get(reports.size() - 1));

        asked[0] = 0;
        Compressed sameKept = Arcodec.compressSmallest(image, List.of(uniform, histogram), ProgressListener.NONE);
        assertArrayEquals(kept.bytes(), sameKept.bytes());
        assertEquals(samples, asked[0], "the first model always runs to the end");
    }

    @Test
    void compressSmallestKeepsTheFirstOfEqualSizesAndNeedsAModel() {
        RasterImage image = CompressedTestModels.smallImage();
        Compressed arc = Arcodec.compressSmallest(image, List.of(CompressedTestModels.constantModel("first", 1),
                CompressedTestModels.constantModel("second", 2)), ProgressListener.NONE);
        assertEquals("first", Arcodec.inspect(arc.bytes()).modelName());
        assertThrows(IllegalArgumentException.class, () -> Arcodec.compressSmallest(image, List.of(), ProgressListener.NONE));
    }
}
