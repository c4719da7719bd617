package org.arcodec.models;

import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.Compressed;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The default models that ship, per layout, and that compress keeps the smaller of the two RGB ones. */
class BundledDefaultsTest {
    private static final ModelCatalog MODELS = ModelCatalog.bundled();

    @Test
    void eachPhotographLayoutGetsItsShippedModels() {
        String rgb = ModelCatalog.PHOTO_RGB_MODEL;
        String downscaled = ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL;
        String gray = ModelCatalog.PHOTO_GRAY_MODEL;
        assertEquals(List.of(rgb, downscaled), MODELS.defaultModelsFor(image(ColorType.RGB)));
        assertEquals(List.of(rgb + "+alpha", downscaled + "+alpha"), MODELS.defaultModelsFor(image(ColorType.RGBA)));
        assertEquals(List.of(gray), MODELS.defaultModelsFor(image(ColorType.GRAY)));
        assertEquals(List.of(gray + "+alpha"), MODELS.defaultModelsFor(image(ColorType.GRAY_ALPHA)));
    }

    @Test
    void compressKeepsTheSmallerOfTheTwoRgbModelsFiles() throws IOException {
        RasterImage photo = ImageFiles.read(GoldenModelArcTest.testdata("photo-rgb.png"));
        List<AutoregressiveModel> defaults = MODELS.defaultModelsFor(photo).stream().map(MODELS::get).toList();
        byte[] first = Arcodec.compress(photo, defaults.get(0)).bytes();
        byte[] second = Arcodec.compress(photo, defaults.get(1)).bytes();
        Compressed kept = Arcodec.compressSmallest(photo, defaults, ProgressListener.NONE);
        assertArrayEquals(second.length < first.length ? second : first, kept.bytes());
        assertEquals(photo, Arcodec.decompress(kept.bytes(), MODELS));
    }

    private static RasterImage image(ColorType type) {
        return RasterImage.of(1, 1, type, 8, new byte[type.channels()]);
    }
}
