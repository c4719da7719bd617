package org.arcodec;

import org.arcodec.internal.weights.RandomNetworks;
import org.arcodec.internal.weights.RandomNetworks.Ordering;
import org.arcodec.internal.weights.RandomNetworks.Spec;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelCatalogTest {
    private static final Spec MADE = new Spec("made-a", 3, 3, 1, new int[] {4}, 1, false, "logistic_mixture:2",
            Ordering.RASTER, 1);
    private static final Spec NADE = new Spec("nade-b", 2, 2, 1, new int[] {3}, 1, false, "softmax",
            Ordering.RANDOM, 2);

    @TempDir
    Path dir;

    @Test
    void bundledStartsWithTheHistogramModel() {
        ModelCatalog catalog = ModelCatalog.bundled();
        assertEquals(ModelCatalog.DEFAULT_MODEL, catalog.names().get(0));
    }

    @Test
    void defaultModelFollowsTheLayoutWhenThePhotographModelsAreThere() {
        RasterImage rgb = RasterImage.of(2, 1, ColorType.RGB, 8, new byte[6]);
        RasterImage gray = RasterImage.of(2, 1, ColorType.GRAY, 8, new byte[2]);
        RasterImage rgba = RasterImage.of(2, 1, ColorType.RGBA, 8, new byte[8]);
        RasterImage deep = RasterImage.of(2, 1, ColorType.GRAY, 4, new byte[2]);
        ModelCatalog plain = ModelCatalog.bundled(ClassLoader.getPlatformClassLoader());
        for (RasterImage image : List.of(rgb, gray, rgba, deep)) {
            assertEquals(ModelCatalog.DEFAULT_MODEL, plain.defaultModelFor(image), image.colorType().toString());
        }
        ModelCatalog photo = plain.with(CompressedTestModels.constantModel(ModelCatalog.PHOTO_RGB_MODEL, 1))
                .with(CompressedTestModels.constantModel(ModelCatalog.PHOTO_GRAY_MODEL, 2));
        assertEquals(ModelCatalog.PHOTO_RGB_MODEL, photo.defaultModelFor(rgb));
        assertEquals(ModelCatalog.PHOTO_GRAY_MODEL, photo.defaultModelFor(gray));
        assertEquals(ModelCatalog.DEFAULT_MODEL, photo.defaultModelFor(rgba));
        assertEquals(ModelCatalog.DEFAULT_MODEL, photo.defaultModelFor(deep));
        assertEquals(List.of(ModelCatalog.PHOTO_RGB_MODEL), photo.defaultModelsFor(rgb));
    }

    @Test
    void rgbImagesGetBothPhotographModelsWhenBothAreThere() {
        RasterImage rgb = RasterImage.of(2, 1, ColorType.RGB, 8, new byte[6]);
        RasterImage rgba = RasterImage.of(2, 1, ColorType.RGBA, 8, new byte[8]);
        RasterImage grayAlpha = RasterImage.of(2, 1, ColorType.GRAY_ALPHA, 8, new byte[4]);
        RasterImage palette = RasterImage.indexed(2, 1, 1, new Palette(new byte[8], false), new byte[2]);
        ModelCatalog plain = ModelCatalog.bundled(ClassLoader.getPlatformClassLoader());
        ModelCatalog downscaledOnly = plain.with(CompressedTestModels.constantModel(ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL, 3));
        assertEquals(List.of(ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL), downscaledOnly.defaultModelsFor(rgb));
        ModelCatalog both = downscaledOnly.with(CompressedTestModels.constantModel(ModelCatalog.PHOTO_RGB_MODEL, 1))
                .with(CompressedTestModels.constantModel(ModelCatalog.PHOTO_GRAY_MODEL, 2));
        assertEquals(List.of(ModelCatalog.PHOTO_RGB_MODEL, ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL), both.defaultModelsFor(rgb));
        assertEquals(ModelCatalog.PHOTO_RGB_MODEL, both.defaultModelFor(rgb));
        assertEquals(List.of(ModelCatalog.DEFAULT_MODEL), both.defaultModelsFor(palette));
        // with() adds no +alpha entries (bundled() lists them for its photograph models).
        assertEquals(List.of(ModelCatalog.DEFAULT_MODEL), both.defaultModelsFor(rgba));
        assertEquals(List.of(ModelCatalog.DEFAULT_MODEL), both.defaultModelsFor(grayAlpha));
    }

    @Test
    void bundledListsEveryIndexedWeightFileAndLoadsItLazily() throws IOException {
        Path jar1 = dir.resolve("jar1");
        Path jar2 = dir.resolve("jar2");
        byte[] made = RandomNetworks.made(MADE);
        byte[] nade = withDescription(RandomNetworks.nade(NADE), "a tiny NADE");
        write(jar1, "org/example/made-a.arcm", made);
        write(jar1, ModelCatalog.MODELS_INDEX, "# models of jar 1\n\norg/example/made-a.arcm\n".getBytes());
        write(jar2, "nade-b.arcm", nade);
        write(jar2, ModelCatalog.MODELS_INDEX, "/nade-b.arcm\norg/example/made-a.arcm\n".getBytes());
        try (URLClassLoader loader = loader(jar1, jar2)) {
            ModelCatalog catalog = ModelCatalog.bundled(loader);
            assertEquals(List.of("histogram", "made-a", "nade-b"), catalog.names());
            assertEquals("made 3x3x1, hidden 4, 1 mask(s), logistic_mixture:2", catalog.description("made-a"));
            assertEquals("a tiny NADE", catalog.description("nade-b"));
            AutoregressiveModel model = catalog.get("made-a");
            assertSame(model, catalog.get("made-a"));
            assertArrayEquals(WeightFile.read(made, "m").sha256(), model.weightsSha256());
            assertEquals("nade-b", catalog.get("nade-b").name());
        }
    }

    @Test
    void bundledNamesBrokenIndexes() throws IOException {
        Path jar = dir.resolve("jar");
        write(jar, ModelCatalog.MODELS_INDEX, "missing.arcm\n".getBytes());
        try (URLClassLoader loader = loader(jar)) {
            ArcodecException e = assertThrows(ArcodecException.class, () -> ModelCatalog.bundled(loader));
            assertEquals("META-INF/arcodec/models.index lists missing.arcm, which is not on the class path", e.getMessage());
        }
        Path twice = dir.resolve("twice");
        write(twice, "a.arcm", RandomNetworks.made(MADE));
        write(twice, "b.arcm", RandomNetworks.made(MADE));
        write(twice, ModelCatalog.MODELS_INDEX, "a.arcm\nb.arcm\n".getBytes());
        try (URLClassLoader loader = loader(twice)) {
            ArcodecException e = assertThrows(ArcodecException.class, () -> ModelCatalog.bundled(loader));
            assertEquals("b.arcm: a bundled model named 'made-a' is already listed", e.getMessage());
        }
        Path damaged = dir.resolve("damaged");
        byte[] bytes = RandomNetworks.made(MADE);
        bytes[bytes.length - 1] ^= 1;
        write(damaged, "a.arcm", bytes);
        write(damaged, ModelCatalog.MODELS_INDEX, "a.arcm\n".getBytes());
        try (URLClassLoader loader = loader(damaged)) {
            ModelCatalog catalog = ModelCatalog.bundled(loader);  // listing reads only the meta
            ArcodecException e = assertThrows(ArcodecException.class, () -> catalog.get("made-a"));
            assertEquals("a.arcm: SHA-256 digest does not match the contents (file damaged or truncated) (byte "
                    + (bytes.length - 32) + ")", e.getMessage());
        }
    }

    @Test
    void withFileAddsAUsersModel() throws IOException {
        Path file = dir.resolve("nade-b.arcm");
        Files.write(file, RandomNetworks.nade(NADE));
        ModelCatalog catalog = ModelCatalog.bundled().withFile(file);
        assertEquals("nade-b", catalog.names().get(catalog.names().size() - 1));
        assertEquals("nade 2x2x1, hidden 3, softmax (" + file + ")", catalog.description("nade-b"));
        assertEquals("nade-b", ModelCatalog.load(file).name());
        Path missing = dir.resolve("missing.arcm");
        assertThrows(ArcodecException.class, () -> ModelCatalog.bundled().withFile(missing));
    }

    private static byte[] withDescription(byte[] bytes, String description) {
        WeightFile file = WeightFile.read(bytes, "f");
        WeightFile.Builder builder = WeightFile.builder();
        file.meta().forEach(builder::meta);
        builder.meta("description", description);
        for (String name : file.tensorNames()) {
            if (name.equals("order")) {
                builder.ints(name, file.dims(name), file.ints(name));
            } else {
                builder.floats(name, file.dims(name), file.floats(name));
            }
        }
        return builder.toBytes();
    }

    private static void write(Path root, String resource, byte[] bytes) throws IOException {
        Path path = root.resolve(resource);
        Files.createDirectories(path.getParent());
        Files.write(path, bytes);
    }

    private static URLClassLoader loader(Path... roots) throws IOException {
        URL[] urls = new URL[roots.length];
        for (int i = 0; i < roots.length; i++) {
            urls[i] = roots[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }
}
