package org.arcodec.internal.weights;

import org.arcodec.ArcodecException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WeightFileTest {
    private static final float[] FLOATS = {0f, -0f, 1.5f, -3.25e-12f, Float.MAX_VALUE, Float.MIN_VALUE};
    private static final int[] INTS = {3, 0, -7, Integer.MAX_VALUE, Integer.MIN_VALUE, 42};

    private static byte[] sample() {
        return WeightFile.builder()
                .meta("name", "tiny")
                .meta("arch", "made")
                .meta("note", "ünïcode = fine")
                .floats("W1", new int[] {2, 3}, FLOATS)
                .ints("order", new int[] {6}, INTS)
                .floats("scalar", new int[0], new float[] {7f})
                .toBytes();
    }

    @Test
    void roundTripsMetaAndTensors() throws Exception {
        byte[] bytes = sample();
        WeightFile file = WeightFile.read(new ByteArrayInputStream(bytes), "tiny.arcm");
        assertEquals(List.of("arch", "name", "note"), List.copyOf(file.meta().keySet()));
        assertEquals("made", file.meta("arch"));
        assertEquals("ünïcode = fine", file.meta("note"));
        assertEquals("x", file.meta("missing", "x"));
        assertEquals(List.of("W1", "order", "scalar"), List.copyOf(file.tensorNames()));
        assertArrayEquals(new int[] {2, 3}, file.dims("W1"));
        float[] w = file.floats("W1", 2, 3);
        for (int i = 0; i < FLOATS.length; i++) {
            assertEquals(Float.floatToRawIntBits(FLOATS[i]), Float.floatToRawIntBits(w[i]));
        }
        assertArrayEquals(INTS, file.ints("order"));
        assertArrayEquals(new float[] {7f}, file.floats("scalar"));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOf(bytes, bytes.length - 32));
        assertArrayEquals(digest, file.sha256());
        assertArrayEquals(digest, Arrays.copyOfRange(bytes, bytes.length - 32, bytes.length));
        assertTrue(file.hasTensor("W1"));
        assertFalse(file.hasTensor("W2"));
    }

    @Test
    void layoutIsTheDocumentedOne() {
        byte[] bytes = WeightFile.builder().meta("b", "2").meta("a", "1").ints("t", new int[] {1}, new int[] {5}).toBytes();
        byte[] expectedBody = {
                'A', 'R', 'C', 'M', 1,
                0, 0, 0, 8, 'a', '=', '1', '\n', 'b', '=', '2', '\n',
                0, 0, 0, 1,
                0, 1, 't', 1, 1, 0, 0, 0, 1, 0, 0, 0, 5};
        assertArrayEquals(expectedBody, Arrays.copyOf(bytes, bytes.length - 32));
    }

    @Test
    void namesWhatIsWrong() {
        WeightFile file = WeightFile.read(sample(), "tiny.arcm");
        assertMessage("tiny.arcm: weight file has no tensor 'W2'", () -> file.floats("W2"));
        assertMessage("tiny.arcm: tensor 'W1' has shape [2, 3], expected [3, 2]", () -> file.floats("W1", 3, 2));
        assertMessage("tiny.arcm: tensor 'order' is int32, expected float32", () -> file.floats("order"));
        assertMessage("tiny.arcm: weight file has no meta key 'hidden'", () -> file.meta("hidden"));
        assertMessage("tiny.arcm: meta 'arch' must be an integer, got 'made'", () -> file.metaInt("arch", 0, 9));
    }

    @Test
    void rejectsDamage() {
        byte[] good = sample();
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 'X';
        assertMessage("f: not an .arcm weight file (no ARCM magic) (byte 0)", () -> WeightFile.read(wrongMagic, "f"));
        byte[] wrongVersion = good.clone();
        wrongVersion[4] = 2;
        assertMessage("f: weight file version 2 is not supported (this reader knows 1) (byte 4)",
                () -> WeightFile.read(wrongVersion, "f"));
        for (int i = 5; i < good.length; i++) {
            byte[] flipped = good.clone();
            flipped[i] ^= 1 << (i % 8);
            ArcodecException e = assertThrows(ArcodecException.class, () -> WeightFile.read(flipped, "f"));
            assertTrue(e.getMessage().startsWith("f: SHA-256 digest does not match"), e.getMessage());
        }
        for (int length = 0; length < good.length; length++) {
            byte[] truncated = Arrays.copyOf(good, length);
            assertThrows(ArcodecException.class, () -> WeightFile.read(truncated, "f"), "length " + length);
        }
    }

    /** Structural errors behind a valid digest: the digest proves integrity, not validity. */
    @Test
    void rejectsBadStructureWithValidDigest() throws Exception {
        byte[] body = Arrays.copyOf(sample(), sample().length - 32);
        byte[] longTensor = body.clone();
        // The first tensor's first dimension: after magic, version, meta length, meta, count, name.
        int metaLength = ((body[5] & 0xFF) << 24) | ((body[6] & 0xFF) << 16) | ((body[7] & 0xFF) << 8) | (body[8] & 0xFF);
        int dimOffset = 9 + metaLength + 4 + 2 + 2 + 2;
        longTensor[dimOffset] = 0x7F;
        ArcodecException e = assertThrows(ArcodecException.class, () -> WeightFile.read(withDigest(longTensor), "f"));
        assertTrue(e.getMessage().contains("tensor 'W1' of shape [2130706434, ?] needs more bytes than the file has"),
                e.getMessage());
        byte[] extra = Arrays.copyOf(body, body.length + 3);
        e = assertThrows(ArcodecException.class, () -> WeightFile.read(withDigest(extra), "f"));
        assertTrue(e.getMessage().contains("3 unexpected bytes after the last tensor"), e.getMessage());
        byte[] unsorted = body.clone();
        unsorted[9] = 'z'; // "arch" becomes "zrch", now after "name"
        e = assertThrows(ArcodecException.class, () -> WeightFile.read(withDigest(unsorted), "f"));
        assertTrue(e.getMessage().contains("meta key 'name' is out of order"), e.getMessage());
    }

    @Test
    void builderRefusesInconsistentInput() {
        assertThrows(IllegalArgumentException.class,
                () -> WeightFile.builder().floats("w", new int[] {2, 2}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> WeightFile.builder().meta("a=b", "1"));
        assertThrows(IllegalArgumentException.class, () -> WeightFile.builder().meta("a", "1\n2"));
        assertThrows(IllegalArgumentException.class,
                () -> WeightFile.builder().ints("t", new int[] {1}, new int[1]).ints("t", new int[] {1}, new int[1]));
    }

    private static byte[] withDigest(byte[] body) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
        byte[] out = Arrays.copyOf(body, body.length + 32);
        System.arraycopy(digest, 0, out, body.length, 32);
        return out;
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(ArcodecException.class, call).getMessage());
    }
}
