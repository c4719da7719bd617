package org.arcodec.internal.format;

import org.arcodec.ArcInfo;
import org.arcodec.Arcodec;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.CompressedTestModels;
import org.arcodec.CorruptArcException;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.internal.conv.RandomConvNetworks;
import org.arcodec.internal.conv.RandomConvNetworks.Spec;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SingleVariant;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The writer codes with every variant of the model and keeps the shortest; the reader uses the recorded one. */
class ModelVariantsTest {
    private static final Spec RGB = new Spec("pp-rgb", "pixelcnn_pp", 3, 5, 2, "logistic_mixture:3", 8);

    private static RasterImage smoothImage(int width, int height) {
        SplittableRandom random = new SplittableRandom(9);
        byte[] samples = new byte[width * height * 3];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (100 + (i / 3 % width) + random.nextInt(3));
        }
        return RasterImage.of(width, height, ColorType.RGB, 8, samples);
    }

    private static byte[] payload(byte[] arc) {
        ArcInfo info = Arcodec.inspect(arc);
        return Arrays.copyOfRange(arc, info.headerBytes(), info.headerBytes() + (int) info.payloadBytes());
    }

    @Test
    void theFileHoldsTheShortestVariantsPayloadAndDecodesWithIt() {
        AutoregressiveModel model = RandomConvNetworks.load(RGB);
        RasterImage image = smoothImage(23, 9);
        byte[] arc = Arcodec.compress(image, model).bytes();

        byte[][] payloads = new byte[model.variants()][];
        int shortest = 0;
        for (int v = 0; v < payloads.length; v++) {
            payloads[v] = payload(Arcodec.compress(image, new SingleVariant(model, v)).bytes());
            if (payloads[v].length < payloads[shortest].length) {
                shortest = v;
            }
        }
        assertTrue(model.variants() > 1);
        assertEquals(shortest, Arcodec.inspect(arc).modelVariant());
        assertArrayEquals(payloads[shortest], payload(arc));
        assertEquals(image, Arcodec.decompress(arc, ModelCatalog.bundled().with(model)));
    }

    /**
     * On a larger image the writer stops the variants that fall far behind (the stream sees their
     * conditionals nulled); what it keeps is still exactly that variant's payload, the shortest of
     * those it ran to the end.
     */
    @Test
    void variantsFarBehindStopAndTheKeptOneIsTheShortestOfTheRest() {
        AutoregressiveModel model = RandomConvNetworks.load(RGB);
        RasterImage image = smoothImage(64, 48);
        QuantizedCdf[][] seen = new QuantizedCdf[1][];
        AutoregressiveModel watched = CompressedTestModels.watching(model, stream -> new ConditionalStream() {
            @Override
            public int next(QuantizedCdf cdf) {
                return stream.next(cdf);
            }

            @Override
            public void observe(int value) {
                stream.observe(value);
            }

            @Override
            public void forEachConditional(byte[] samples, QuantizedCdf[] cdfs, VariantStep step) {
                seen[0] = cdfs;
                stream.forEachConditional(samples, cdfs, step);
            }
        });
        byte[] arc = Arcodec.compress(image, watched).bytes();
        int kept = Arcodec.inspect(arc).modelVariant();
        assertNotNull(seen[0][kept]);
        int stopped = 0;
        for (int v = 0; v < model.variants(); v++) {
            byte[] alone = payload(Arcodec.compress(image, new SingleVariant(model, v)).bytes());
            if (v > 0 && seen[0][v] == null) {
                stopped++;
            } else {
                assertTrue(payload(arc).length <= alone.length, "variant " + v + " ran to the end and is shorter");
            }
            if (v == kept) {
                assertArrayEquals(alone, payload(arc));
            }
        }
        assertTrue(stopped > 0, "no variant stopped");
        assertEquals(image, Arcodec.decompress(arc, ModelCatalog.bundled().with(model)));
    }

    @Test
    void aVariantTheModelLacksIsNamed() {
        AutoregressiveModel model = RandomConvNetworks.load(RGB);
        int beyond = model.variants();
        byte[] header = ContainerHeader.encode(4, 4, PixelBlocks.NONE, beyond, ColorType.RGB, 8, null, model.name(),
                model.weightsSha256(), 1);
        byte[] arc = Arrays.copyOf(header, header.length + 1 + 4);
        assertEquals(beyond, Arcodec.inspect(arc).modelVariant());
        ArcodecException e = assertThrows(ArcodecException.class,
                () -> Arcodec.decompress(arc, ModelCatalog.bundled().with(model)));
        assertTrue(e.getMessage().contains("variant " + beyond + " of model 'pp-rgb', which has " + beyond + " variants"),
                e.getMessage());
    }

    @Test
    void variantZeroIsNeverRecordedWithTheFlag() {
        byte[] header = ContainerHeader.encode(4, 4, PixelBlocks.NONE, 1, ColorType.GRAY, 8, null, "histogram",
                new byte[8], 1);
        byte[] zero = withVariantByte(header, 0);
        CorruptArcException e = assertThrows(CorruptArcException.class, () -> Arcodec.inspect(zero));
        assertTrue(e.getMessage().contains("model variant 0"), e.getMessage());
    }

    /** The header with its variant byte (right after the varint width and height of a 4x4 image) set, CRC redone. */
    private static byte[] withVariantByte(byte[] header, int variant) {
        byte[] arc = Arrays.copyOf(header, header.length + 1 + 4);
        arc[8] = (byte) variant;  // magic 4, version, flags, width, height
        int crcAt = header.length - 4;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(arc, 0, crcAt);
        ArcWriter.putU32(arc, crcAt, crc.getValue());
        return arc;
    }
}
