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
 * Pins the bytes of format version 2: a real photo coded with the histogram model must give
 * exactly the committed file, and the file must decode to exactly the photo; the same photo's
 * version 1 file, from before the logistic-mixture tables changed, still decodes. CI also runs
 * this class under a second JDK and with AVX disabled. If it fails after an intended change to
 * the output bytes, that change is a new format version (docs/FORMAT.md).
 */
class GoldenArcTest {
    private static final String IMAGE = "photo-gray.png";
    private static final String GOLDEN = "golden-photo-gray-histogram.arc";
    private static final String GOLDEN_SHA256 = "f7f0ed1c2130ac06aecc2771b0909f5221c23b8bc47ad1f246045529872f59f8";
    private static final String GOLDEN_V1 = "golden-photo-gray-histogram-v1.arc";
    private static final String GOLDEN_V1_SHA256 = "49cc980da10ea1520029c6589c3da0d6937c338515d22b3f82575a7e787ce46b";

    @Test
    void goldenFileIsTheOneThisTestPins() throws IOException {
        assertEquals(GOLDEN_SHA256, sha256(Files.readAllBytes(ImageFilesTest.testdata(GOLDEN))));
        assertEquals(GOLDEN_V1_SHA256, sha256(Files.readAllBytes(ImageFilesTest.testdata(GOLDEN_V1))));
    }

    @Test
    void versionOneFileStillDecodesToThePhoto() throws IOException {
        byte[] v1 = Files.readAllBytes(ImageFilesTest.testdata(GOLDEN_V1));
        assertEquals(1, Arcodec.inspect(v1).formatVersion());
        assertEquals(ImageFiles.read(ImageFilesTest.testdata(IMAGE)), Arcodec.decompress(v1, ModelCatalog.bundled()));
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
