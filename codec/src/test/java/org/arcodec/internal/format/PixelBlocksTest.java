package org.arcodec.internal.format;

import org.arcodec.Arcodec;
import org.arcodec.ArcInfo;
import org.arcodec.ColorType;
import org.arcodec.ModelCatalog;
import org.arcodec.RasterImage;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.SampleLayout;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PixelBlocksTest {
    private static final AutoregressiveModel HISTOGRAM = ModelCatalog.bundled().get("histogram");

    private static byte[] noise(int samples, long seed) {
        byte[] out = new byte[samples];
        new Random(seed).nextBytes(out);
        return out;
    }

    /** Every pixel of {@code small} repeated in a bw x bh block, cut to width x height. */
    private static byte[] upscale(byte[] small, int smallWidth, int channels, int bw, int bh, int width, int height) {
        byte[] out = new byte[width * height * channels];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                System.arraycopy(small, ((y / bh) * smallWidth + x / bw) * channels, out, (y * width + x) * channels,
                        channels);
            }
        }
        return out;
    }

    @Test
    void findsTheBlocksOfAnUpscaledImageAndShrinksItBack() {
        int channels = 3;
        byte[] small = noise(7 * 4 * channels, 1);
        byte[] image = upscale(small, 7, channels, 3, 2, 20, 7);  // last blocks cut to 2x1

        PixelBlocks blocks = PixelBlocks.detect(image, 20, 7, channels);

        assertEquals(new PixelBlocks(3, 2), blocks);
        assertEquals(7, blocks.codedWidth(20));
        assertEquals(4, blocks.codedHeight(7));
        assertArrayEquals(small, blocks.shrink(image, 20, 7, channels));
        assertArrayEquals(image, blocks.expand(small, 20, 7, channels));
    }

    @Test
    void oneDifferentSampleInABlockBreaksItsDirection() {
        int channels = 3;
        byte[] image = upscale(noise(5 * 5 * channels, 2), 5, channels, 4, 4, 20, 20);
        assertEquals(new PixelBlocks(4, 4), PixelBlocks.detect(image, 20, 20, channels));

        image[(9 * 20 + 13) * channels + 2]++;  // the blue sample of (13, 9): 13 % 4 and 9 % 4 are 1

        assertEquals(PixelBlocks.NONE, PixelBlocks.detect(image, 20, 20, channels));
    }

    @Test
    void sidesDividingTheRepeatsAreFoundTheLargestFirst() {
        byte[] image = upscale(noise(3 * 2, 3), 3, 1, 6, 1, 18, 2);  // blocked by 6, so by 3 and 2 as well
        assertEquals(new PixelBlocks(6, 1), PixelBlocks.detect(image, 18, 2, 1));
        assertEquals(PixelBlocks.NONE, PixelBlocks.detect(noise(64 * 64, 4), 64, 64, 1));
    }

    @Test
    void aFlatImageIsOneBlockUpToTheLargestSideAHeaderHolds() {
        assertEquals(new PixelBlocks(PixelBlocks.MAX_SIDE, 3), PixelBlocks.detect(new byte[600 * 3], 600, 3, 1));
        assertEquals(PixelBlocks.NONE, PixelBlocks.detect(new byte[1], 1, 1, 1));
    }

    @Test
    void aBlockedImageCostsItsCodedPixelsAndDecodesToEverySample() {
        byte[] small = noise(30 * 20 * 3, 5);
        RasterImage smallImage = RasterImage.of(30, 20, ColorType.RGB, 8, small);
        RasterImage image = RasterImage.of(60, 40, ColorType.RGB, 8, upscale(small, 30, 3, 2, 2, 60, 40));

        byte[] arc = Arcodec.compress(image, HISTOGRAM).bytes();
        byte[] smallArc = Arcodec.compress(smallImage, HISTOGRAM).bytes();

        ArcInfo info = Arcodec.inspect(arc);
        ArcInfo smallInfo = Arcodec.inspect(smallArc);
        assertEquals(2, info.blockWidth());
        assertEquals(2, info.blockHeight());
        assertEquals(30 * 20 * 3, info.codedSamples());
        assertEquals(smallInfo.headerBytes() + 2, info.headerBytes());  // the two block sides
        assertArrayEquals(payload(smallArc, smallInfo), payload(arc, info));
        assertEquals(image, Arcodec.decompress(arc, ModelCatalog.bundled()));
    }

    @Test
    void aModelOfOneImageSizeCodesABlockedImageWhole() {
        AutoregressiveModel only28 = new AutoregressiveModel() {  // as made-fmnist: 28x28 images only
            @Override
            public String name() {
                return "only28";
            }

            @Override
            public byte[] weightsSha256() {
                return HISTOGRAM.weightsSha256();
            }

            @Override
            public String unsupportedReason(SampleLayout layout) {
                return layout.width() == 28 && layout.height() == 28 ? null : "28x28 only";
            }

            @Override
            public ConditionalStream open(SampleLayout layout) {
                return HISTOGRAM.open(layout);
            }
        };
        RasterImage blank = RasterImage.of(28, 28, ColorType.GRAY, 8, new byte[28 * 28]);

        byte[] arc = Arcodec.compress(blank, only28).bytes();

        assertEquals(1, Arcodec.inspect(arc).blockWidth());
        assertEquals(blank, Arcodec.decompress(arc, ModelCatalog.bundled().with(only28)));
    }

    private static byte[] payload(byte[] arc, ArcInfo info) {
        return Arrays.copyOfRange(arc, info.headerBytes(), info.headerBytes() + (int) info.payloadBytes());
    }
}
