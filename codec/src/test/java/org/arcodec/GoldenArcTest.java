package org.arcodec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the bytes of format version 1: a real photo coded with the histogram model must give
 * exactly the committed file, and the file must decode to exactly the photo. CI also runs this
 * class under a second JDK and with AVX disabled. If it fails after an intended change to the
 * output bytes, that change is a new format version (docs/FORMAT.md).
 */
class GoldenArcTest {
    private static final String IMAGE = "photo-gray.png";
    private static final String GOLDEN = "golden-photo-gray-histogram.arc";
    private static final String GOLDEN_SHA256 = "49cc980da10ea1520029c6589c3da0d6937c338515d22b3f82575a7e787ce46b";

    @Test
    void goldenFileIsTheOneThisTestPins() throws IOException {
        assertEquals(GOLDEN_SHA256, sha256(Files.readAllBytes(ImageFilesTest.testdata(GOLDEN))));
    }

    @Test
    void compressingThePhotoGivesTheGoldenBytes() throws IOException {
        RasterImage photo = ImageFiles.read(ImageFilesTest.testdata(IMAGE));
        byte[] arc = Arcodec.compress(photo, ModelCatalog.bundled().get("histogram")).bytes();
        assertArrayEquals(Files.readAllBytes(ImageFilesTest.testdata(GOLDEN)), arc);
    }

    @Test
    void goldenFileDecodesToThePhoto() throws IOException {
        byte[] golden = Files.readAllBytes(ImageFilesTest.testdata(GOLDEN));
        RasterImage decoded = Arcodec.decompress(golden, ModelCatalog.bundled());
        assertEquals(ImageFiles.read(ImageFilesTest.testdata(IMAGE)), decoded);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
