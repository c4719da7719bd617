package org.arcodec.models;

import org.arcodec.Arcodec;
import org.arcodec.ImageFiles;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the bytes that each shipped neural model writes for a real test image, and that they
 * decode to the image: the network's arithmetic, quantisation and coder are bit-exact. CI
 * also runs this class under Temurin 25 and with AVX disabled (.ci/run).
 */
class GoldenModelArcTest {

    @ParameterizedTest
    @CsvSource({
            "made-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-made.arc, 9b333ab6b6e3a311dedf5f1803f3807688de783519e0cc4d3885f4c84f2c1de6",
            "nade-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-nade.arc, 0843209368ecc3408ae9fc2f4586c14aca8299c1fee71e4219792d900bddd5f0",
            "pixelcnn-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-pixelcnn.arc, 1bc016ce8cc09f18a9864f465e3ef8ad2f848ba059bafc678c406e347a4821b5",
            // A convolutional model codes any size: a 96x96 photograph, larger than its training images.
            "pixelcnn-fmnist, photo-gray.png, golden-photo-gray-pixelcnn.arc, 53ccc63a4a5ae8947956be981fe933ddbbfd21b07e4493566ea6c946e2bb734c",
            "gated-pixelcnn-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-gated.arc, 2e5ceb1db1defba3a6d7c81d5cafb7316cee97ed54a5ae59cebfa39c6590b92b",
            "gated-pixelcnn-fmnist, photo-gray.png, golden-photo-gray-gated.arc, 1adbe5f4b26981d0ada098cf655a377a84c650aabec4da16ccc7b00855c590d2",
            "pixelcnnpp-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-pixelcnnpp.arc, 7ed7df394920031431f8077da905a134438086756f0cca2c32db0fed2803b203",
            "pixelcnnpp-fmnist, photo-gray.png, golden-photo-gray-pixelcnnpp.arc, c5ff981ac0bf31df08781d4c8e42c4eae03dd6ffff8f98d33364c827e720eb5f",
            // The default models for photographs; at 96 and 120 columns a helper prepares the rows (two or more cores).
            "pixelcnnpp-photo-gray, photo-gray.png, golden-photo-gray-pixelcnnpp-photo-gray.arc, 718cde43207cafd8cbfb5cfd9b1feac271fd7c95484f3ba9bdf5c804cbdac8c1",
            "pixelcnnpp-photo, photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo.arc, 727c25e74d549fd44b8f15114d5a83562b38c9c041c6589141be80ac08296ba3",
            "pixelcnnpp-photo-downscaled, photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo-downscaled.arc, ca4bb20200381e629f5eb02cf5f4e6a20d3965c4ab5b0bdcc28c847c85e4c1ef",
            // RGBA: the alpha plane by the histogram, then the colour by the photo model.
            "pixelcnnpp-photo+alpha, photo-rgba.png, golden-photo-rgba-pixelcnnpp-photo-alpha.arc, 6e326c397ec17f4847820b0f914fca81f0201ae1aebf9a9854f20b37116cd4b9",
    })
    void shippedModelWritesAndReadsTheGoldenBytes(String model, String image, String golden, String sha256)
            throws IOException {
        ModelCatalog models = ModelCatalog.bundled();
        byte[] expected = Files.readAllBytes(testdata(golden));
        assertEquals(sha256, sha256(expected), golden + " is not the file this test pins");
        RasterImage photo = ImageFiles.read(testdata(image));
        assertArrayEquals(expected, Arcodec.compress(photo, models.get(model)).bytes(), model + " wrote other bytes");
        assertEquals(photo, Arcodec.decompress(expected, models), golden + " decoded to another image");
    }

    /**
     * Files that the writer chose an earlier variant for, before later variants existed, still
     * decode to their images: adding variants changed none of the earlier ones. Variant 7 (fixed
     * log-scale offset 0.125), 10 (learnt log-scale offsets), 12 and 13 (learnt means too), 15 (a learnt
     * output layer without neighbour residuals).
     */
    @ParameterizedTest
    @CsvSource({
            "photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo-variant7.arc, 7, a654ba01ecfcf0226e31e5139e66c2382894485781b6691e9e6aa1561cf24899",
            "photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo-variant10.arc, 10, 71c9954a306ccc0ce7df77333012327ba57c0f1972845240812d4acc804765e7",
            "photo-rgba.png, golden-photo-rgba-pixelcnnpp-photo-alpha-variant12.arc, 12, 37424b445e67d54dda700e8a30049937b8dc9a3636990f23003da4903f80406b",
            "photo-gray.png, golden-photo-gray-pixelcnnpp-variant13.arc, 13, 14f5087970ca3bc0b4335a79b00f8db2af654cd63b8745d2e374372c0d7c9cf1",
            "photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo-variant15.arc, 15, a1eb1ae3635c6fe8168840a9d1c038eef3abdb344b27705c5e761f19633d6167",
    })
    void aFileOfAnEarlierVariantStillDecodes(String image, String golden, int variant, String sha256)
            throws IOException {
        byte[] file = Files.readAllBytes(testdata(golden));
        assertEquals(sha256, sha256(file), golden + " is not the file this test pins");
        assertEquals(variant, Arcodec.inspect(file).modelVariant());
        assertEquals(ImageFiles.read(testdata(image)), Arcodec.decompress(file, ModelCatalog.bundled()));
    }

    static Path testdata(String name) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("testdata").resolve(name);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("testdata/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
