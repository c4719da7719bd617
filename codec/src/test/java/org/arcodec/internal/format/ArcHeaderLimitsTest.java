package org.arcodec.internal.format;

import org.arcodec.ArcodecException;
import org.arcodec.Arcodec;
import org.arcodec.ColorType;
import org.arcodec.CompressedTestModels;
import org.arcodec.CorruptArcException;
import org.arcodec.ModelCatalog;
import org.arcodec.Palette;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Headers with valid checksums but impossible contents are refused before anything is allocated. */
class ArcHeaderLimitsTest {
    private static final byte[] DIGEST = new byte[8];

    private static byte[] file(int width, int height, ColorType type, int depth, Palette palette, String model,
                               long payloadLength, int actualPayload) {
        return file(width, height, PixelBlocks.NONE, type, depth, palette, model, payloadLength, actualPayload);
    }

    private static byte[] file(int width, int height, PixelBlocks blocks, ColorType type, int depth, Palette palette,
                               String model, long payloadLength, int actualPayload) {
        byte[] header = ContainerHeader.encode(width, height, blocks, 0, type, depth, palette, model, DIGEST,
                payloadLength);
        return Arrays.copyOf(header, header.length + actualPayload + 4);
    }

    @Test
    void hugeClaimedSizeIsRejectedAtOnce() {
        byte[] header = ContainerHeader.encode(1_000_000, 1_000_000, PixelBlocks.NONE, 0, ColorType.RGB, 8, null,
                "histogram", DIGEST, 0);
        byte[] arc = Arrays.copyOf(header, 40);
        CorruptArcException e = assertThrows(CorruptArcException.class,
                () -> Arcodec.decompress(arc, ModelCatalog.bundled()));
        assertTrue(e.getMessage().contains("1000000x1000000"), e.getMessage());
        assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
    }

    @Test
    void widthOverTheLimitIsRejected() {
        byte[] arc = file(ContainerHeader.MAX_DIMENSION + 1, 1, ColorType.GRAY, 8, null, "histogram", 1, 1);
        assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
    }

    @Test
    void writerRefusesWhatTheReaderWouldRefuse() {
        int tooWide = ContainerHeader.MAX_DIMENSION + 1;
        org.arcodec.RasterImage line = org.arcodec.RasterImage.of(tooWide, 1, ColorType.GRAY, 1, new byte[tooWide]);
        ArcodecException e = assertThrows(ArcodecException.class,
                () -> Arcodec.compress(line, ModelCatalog.bundled().get("histogram")));
        assertTrue(e.getMessage().contains(tooWide + "x1"), e.getMessage());
    }

    @Test
    void payloadLongerThanTheFileIsRejected() {
        byte[] arc = file(4, 4, ColorType.GRAY, 8, null, "histogram", 1L << 40, 5);
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void bitDepthInvalidForTheColourTypeIsRejected() {
        byte[] arc = file(4, 4, ColorType.RGB, 4, null, "histogram", 1, 1);
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
        assertTrue(e.getMessage().contains("4-bit"), e.getMessage());
    }

    @Test
    void paletteLargerThanItsBitDepthAllowsIsRejected() {
        Palette palette = new Palette(new byte[4 * 5], false);
        byte[] arc = file(4, 4, ColorType.PALETTE, 2, palette, "histogram", 1, 1);
        assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
    }

    @Test
    void pixelBlocksLargerThanTheImageOrEmptyAreRejected() {
        for (PixelBlocks blocks : new PixelBlocks[] {new PixelBlocks(5, 1), new PixelBlocks(1, 5), new PixelBlocks(0, 2)}) {
            byte[] arc = file(4, 4, blocks, ColorType.GRAY, 8, null, "histogram", 1, 1);
            CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
            assertTrue(e.getMessage().contains("invalid pixel blocks " + blocks.blockWidth() + "x" + blocks.blockHeight()
                    + " for a 4x4 image"), e.getMessage());
        }
    }

    @Test
    void unknownFlagsAreRefused() {
        byte[] arc = file(4, 4, ColorType.GRAY, 8, null, "histogram", 1, 1);
        arc[5] = 4;
        int crcAt = arc.length - 1 - 4 - 4;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(arc, 0, crcAt);
        ArcWriter.putU32(arc, crcAt, crc.getValue());
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
        assertTrue(e.getMessage().contains("unknown flags 4"), e.getMessage());
    }

    @Test
    void newerFormatVersionIsNamed() {
        byte[] arc = file(4, 4, ColorType.GRAY, 8, null, "histogram", 1, 1);
        arc[4] = 3;
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(arc));
        assertTrue(e.getMessage().contains("format version 3 is not supported; this arcodec reads versions 1 to 2"),
                e.getMessage());
    }

    @Test
    void missingModelIsNamedWithItsDigest() {
        byte[] arc = Arcodec.compress(CompressedTestModels.smallImage(), CompressedTestModels.constantModel("toy-model", 7)).bytes();
        ArcodecException e = assertThrows(ArcodecException.class, () -> Arcodec.decompress(arc, ModelCatalog.bundled()));
        assertTrue(e.getMessage().contains("'toy-model'"), e.getMessage());
        assertTrue(e.getMessage().contains("0707070707070707"), e.getMessage());
    }

    @Test
    void modelWithOtherWeightsIsRefused() {
        byte[] arc = Arcodec.compress(CompressedTestModels.smallImage(), CompressedTestModels.constantModel("toy-model", 7)).bytes();
        ModelCatalog other = ModelCatalog.bundled().with(CompressedTestModels.constantModel("toy-model", 8));
        ArcodecException e = assertThrows(ArcodecException.class, () -> Arcodec.decompress(arc, other));
        assertTrue(e.getMessage().contains("0707070707070707") && e.getMessage().contains("0808080808080808"),
                e.getMessage());
        ModelCatalog same = ModelCatalog.bundled().with(CompressedTestModels.constantModel("toy-model", 7));
        Arcodec.decompress(arc, same);
    }
}
