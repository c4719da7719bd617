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
            "made-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-made.arc, 22d6102ff4524cec9513b5e984944e90e749c17a452a3719cbb2bf294db9f182",
            "nade-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-nade.arc, 2089968457936c661fac9d65f9a76e45075808ab01d35e19dac478c698c3aa51",
            "pixelcnn-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-pixelcnn.arc, 91edeeee1d14076bb8b1ed53b3d390d155c374844d4ffc3ed92c85cb5b151800",
            // A convolutional model codes any size: a 96x96 photograph, larger than its training images.
            "pixelcnn-fmnist, photo-gray.png, golden-photo-gray-pixelcnn.arc, 6b990e5154bee6434d54262996c393cb7577128bd5ff045cabe81f1ce6920a77",
            "gated-pixelcnn-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-gated.arc, 051e15092a7cfa5213bc1dfda66aeeba1613023ded7ee1a178951f445091c56e",
            "gated-pixelcnn-fmnist, photo-gray.png, golden-photo-gray-gated.arc, 89fc2bf3439e9c800074dbd27fd077784681febab445abf05f4da27734ee5ace",
            "pixelcnnpp-fmnist, fmnist-test-0000.png, golden-fmnist-test-0000-pixelcnnpp.arc, b42a0c5215d5b415d4e7d509c0b49d66931fbc9c120220b6ff218140f98e8605",
            "pixelcnnpp-fmnist, photo-gray.png, golden-photo-gray-pixelcnnpp.arc, 0364fe09077ff1f2ed242dec3fd7a3c2cf00a4880f5dbff81fbc7e90536840fa",
            // The default models for photographs; 96 and 120 columns split the row passes over threads.
            "pixelcnnpp-photo-gray, photo-gray.png, golden-photo-gray-pixelcnnpp-photo-gray.arc, e7938ceb94eb67bc1a2b9dda689b7e925b5e295249fb6022c5f3c8189f46a75a",
            "pixelcnnpp-photo, photo-rgb.png, golden-photo-rgb-pixelcnnpp-photo.arc, 924b0d26f9a8177585cf74ea65fc88f169a7e68054d58486bd62ac330df1abe9",
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
