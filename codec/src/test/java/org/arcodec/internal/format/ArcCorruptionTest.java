package org.arcodec.internal.format;

import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.CorruptArcException;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.SyntheticImages;
import org.arcodec.SyntheticImages.Content;
import org.arcodec.SyntheticImages.Layout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A damaged stream gives CorruptArcException or, at worst, the exact original image: never a wrong one. */
class ArcCorruptionTest {
    private static final ModelCatalog MODELS = ModelCatalog.bundled();

    private static List<RasterImage> images() {
        return List.of(
                SyntheticImages.create(new Layout(ColorType.RGB, 8, 0, false), 9, 7, Content.GRADIENT, 11),
                SyntheticImages.create(new Layout(ColorType.PALETTE, 4, 16, true), 12, 5, Content.NOISE, 12),
                SyntheticImages.create(new Layout(ColorType.GRAY, 1, 0, false), 33, 3, Content.NOISE, 13),
                SyntheticImages.create(new Layout(ColorType.GRAY, 8, 0, false), 1, 1, Content.CONSTANT, 14));
    }

    @Test
    void truncationAtEveryOffsetIsReported() {
        for (RasterImage image : images()) {
            byte[] arc = Arcodec.compress(image, MODELS.get("histogram")).bytes();
            for (int length = 0; length < arc.length; length++) {
                byte[] truncated = Arrays.copyOf(arc, length);
                CorruptArcException e = assertThrows(CorruptArcException.class,
                        () -> Arcodec.decompress(truncated, MODELS), "truncated to " + length + " of " + arc.length);
                assertFalse(e.getMessage().isBlank());
                assertThrows(CorruptArcException.class, () -> Arcodec.inspect(truncated));
            }
        }
    }

    @Test
    void everySingleBitFlipIsReportedOrHarmless() {
        for (RasterImage image : images()) {
            byte[] arc = Arcodec.compress(image, MODELS.get("histogram")).bytes();
            for (int bit = 0; bit < arc.length * 8; bit++) {
                byte[] damaged = arc.clone();
                damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                assertDetectedOrExact(image, damaged, "bit " + bit + " of " + arc.length + " bytes");
            }
        }
    }

    @Test
    void randomMultiByteDamageIsReportedOrHarmless() {
        SplittableRandom random = new SplittableRandom(99);
        for (RasterImage image : images()) {
            byte[] arc = Arcodec.compress(image, MODELS.get("histogram")).bytes();
            for (int trial = 0; trial < 300; trial++) {
                byte[] damaged = arc.clone();
                int start = random.nextInt(arc.length);
                int length = 1 + random.nextInt(Math.min(8, arc.length - start));
                for (int i = start; i < start + length; i++) {
                    damaged[i] = (byte) random.nextInt(256);
                }
                assertDetectedOrExact(image, damaged, "bytes " + start + ".." + (start + length));
            }
        }
    }

    @Test
    void trailingBytesAreReported() {
        RasterImage image = images().get(0);
        byte[] arc = Arcodec.compress(image, MODELS.get("histogram")).bytes();
        byte[] longer = Arrays.copyOf(arc, arc.length + 3);
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.decompress(longer, MODELS));
        assertTrue(e.getMessage().contains("3 unexpected bytes"), e.getMessage());
    }

    @Test
    void otherFilesAreNotMistakenForArc() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.decompress(png, MODELS));
        assertTrue(e.getMessage().contains("not an arcodec file"), e.getMessage());
        assertThrows(CorruptArcException.class, () -> Arcodec.decompress(new byte[0], MODELS));
    }

    private static void assertDetectedOrExact(RasterImage original, byte[] damaged, String what) {
        RasterImage decoded;
        try {
            decoded = Arcodec.decompress(damaged, MODELS);
        } catch (CorruptArcException expected) {
            return;
        } catch (RuntimeException | Error other) {
            fail(what + ": expected CorruptArcException, got " + other, other);
            return;
        }
        assertEquals(original, decoded, what + ": decoded a wrong image");
    }
}
