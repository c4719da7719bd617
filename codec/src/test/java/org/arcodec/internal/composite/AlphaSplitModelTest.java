package org.arcodec.internal.composite;

import org.arcodec.Arcodec;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Compressed;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.conv.RandomConvNetworks;
import org.arcodec.internal.conv.RandomConvNetworks.Spec;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.AutoregressiveModelContract;
import org.arcodec.model.SampleLayout;
import org.arcodec.model.SingleVariant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlphaSplitModelTest {
    private static final Spec RGB = new Spec("pp-rgb", "pixelcnn_pp", 3, 5, 2, "logistic_mixture:3", 8);
    private static final Spec GRAY = new Spec("pp-gray", "pixelcnn_pp", 1, 4, 2, "logistic_mixture:3", 6);

    private static byte[] samples(int count, long seed) {
        byte[] samples = new byte[count];
        new SplittableRandom(seed).nextBytes(samples);
        return samples;
    }

    @Nested
    class Rgba extends AutoregressiveModelContract {
        @Override
        protected AutoregressiveModel model() {
            return new AlphaSplitModel(RandomConvNetworks.load(RGB));
        }

        @Override
        protected List<SampleLayout> layouts() {
            return List.of(new SampleLayout(1, 1, 4, 256), new SampleLayout(5, 3, 4, 256), new SampleLayout(2, 7, 4, 256));
        }
    }

    @Nested
    class GrayAlpha extends AutoregressiveModelContract {
        @Override
        protected AutoregressiveModel model() {
            return new AlphaSplitModel(RandomConvNetworks.load(GRAY));
        }

        @Override
        protected List<SampleLayout> layouts() {
            return List.of(new SampleLayout(4, 4, 2, 256), new SampleLayout(7, 2, 2, 256));
        }
    }

    /**
     * An RGBA image costs what the colour model charges for its RGB plus what the histogram
     * charges for its alpha plane alone: for opaque alpha, a few bits per hundred pixels.
     */
    @Test
    void costsTheColourModelsBitsPlusTheHistogramsForTheAlphaPlane() {
        AutoregressiveModel colour = RandomConvNetworks.load(RGB);
        int w = 40;
        int h = 30;
        byte[] rgb = samples(w * h * 3, 4);
        byte[] rgba = new byte[w * h * 4];
        for (int p = 0; p < w * h; p++) {
            System.arraycopy(rgb, 3 * p, rgba, 4 * p, 3);
            rgba[4 * p + 3] = (byte) 255;
        }
        // One pixel not quite opaque, so that the alpha plane alone is not coded as one block.
        int odd = w + 1;
        rgba[4 * odd + 3] = (byte) 254;
        AlphaSplitModel split = new AlphaSplitModel(colour);
        Compressed alone = Arcodec.compress(RasterImage.of(w, h, ColorType.RGB, 8, rgb), new SingleVariant(colour, 0));
        Compressed withAlpha = Arcodec.compress(RasterImage.of(w, h, ColorType.RGBA, 8, rgba),
                new SingleVariant(split, 0));
        Compressed best = Arcodec.compress(RasterImage.of(w, h, ColorType.RGBA, 8, rgba), split);
        assertEquals(colour.variants(), split.variants());
        assertTrue(best.bytes().length <= withAlpha.bytes().length);
        byte[] opaque = new byte[w * h];
        Arrays.fill(opaque, (byte) 255);
        opaque[odd] = (byte) 254;
        Compressed alphaAlone = Arcodec.compress(RasterImage.of(w, h, ColorType.GRAY, 8, opaque),
                ModelCatalog.bundled().get("histogram"));
        assertEquals(alone.idealBits() + alphaAlone.idealBits(), withAlpha.idealBits(), 1e-9 * withAlpha.idealBits());
        assertTrue(alphaAlone.idealBits() < 0.2 * w * h, alphaAlone.idealBits() + " bits for " + w * h + " opaque pixels");
        ModelCatalog catalog = ModelCatalog.bundled().with(colour);
        assertArrayEquals(rgba, Arcodec.decompress(withAlpha.bytes(), catalog).samples());
        assertArrayEquals(rgba, Arcodec.decompress(best.bytes(), catalog).samples());
    }

    @Test
    void catalogResolvesPlusAlphaForAnyColourModelAndRefusesNesting() {
        AutoregressiveModel colour = RandomConvNetworks.load(RGB);
        ModelCatalog catalog = ModelCatalog.bundled().with(colour);
        assertTrue(catalog.contains("pp-rgb+alpha"));
        assertEquals("pp-rgb+alpha", catalog.get("pp-rgb+alpha").name());
        assertArrayEquals(new AlphaSplitModel(colour).weightsSha256(), catalog.get("pp-rgb+alpha").weightsSha256());
        assertFalse(Arrays.equals(colour.weightsSha256(), catalog.get("pp-rgb+alpha").weightsSha256()));
        for (String name : List.of("pp-rgb+alpha+alpha", "histogram+alpha", "nothing+alpha")) {
            assertFalse(catalog.contains(name), name);
            assertThrows(ArcodecException.class, () -> catalog.get(name), name);
        }
    }

    @Test
    void saysWhichLayoutsItCodes() {
        AlphaSplitModel split = new AlphaSplitModel(RandomConvNetworks.load(RGB));
        assertNull(split.unsupportedReason(new SampleLayout(3, 3, 4, 256)));
        assertNotNull(split.unsupportedReason(new SampleLayout(3, 3, 3, 256)));
        String reason = split.unsupportedReason(new SampleLayout(3, 3, 2, 256));
        assertTrue(reason.contains("colour model 'pp-rgb' cannot"), reason);
    }
}
