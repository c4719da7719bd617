package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.RasterImage;
import org.junit.jupiter.api.Test;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Layouts are decided from colour and sample models alone; what a RasterImage cannot hold is refused. */
class LayoutDetectorTest {
    private static ImageLayout detect(ColorModel model) {
        return LayoutDetector.detect(model, model.createCompatibleSampleModel(3, 2), null, "in.tif");
    }

    private static void assertRefused(ColorModel model, String message) {
        ArcodecException e = assertThrows(ArcodecException.class, () -> detect(model));
        assertEquals("in.tif: " + message, e.getMessage());
    }

    private static ComponentColorModel component(int space, boolean alpha, boolean premultiplied, int dataType) {
        return new ComponentColorModel(ColorSpace.getInstance(space), alpha, premultiplied,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, dataType);
    }

    @Test
    void sixteenBitSamplesAreRefused() {
        assertRefused(component(ColorSpace.CS_GRAY, false, false, DataBuffer.TYPE_USHORT),
                "16-bit gray samples are not supported; convert to 8 bits per sample");
        assertRefused(component(ColorSpace.CS_sRGB, true, false, DataBuffer.TYPE_USHORT),
                "16-bit RGBA samples are not supported; convert to 8 bits per sample");
    }

    @Test
    void floatingPointSamplesAreRefused() {
        assertRefused(component(ColorSpace.CS_sRGB, false, false, DataBuffer.TYPE_FLOAT),
                "floating-point RGB samples are not supported; convert to 8-bit integer samples");
    }

    @Test
    void cmykIsRefused() {
        ColorSpace cmyk = new ColorSpace(ColorSpace.TYPE_CMYK, 4) {
            @Override
            public float[] toRGB(float[] value) {
                return new float[3];
            }

            @Override
            public float[] fromRGB(float[] rgb) {
                return new float[4];
            }

            @Override
            public float[] toCIEXYZ(float[] value) {
                return new float[3];
            }

            @Override
            public float[] fromCIEXYZ(float[] xyz) {
                return new float[4];
            }
        };
        assertRefused(new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE),
                "8-bit CMYK samples are not supported; convert to RGB or gray");
    }

    @Test
    void premultipliedAlphaIsRefused() {
        assertRefused(component(ColorSpace.CS_sRGB, true, true, DataBuffer.TYPE_BYTE),
                "premultiplied (associated) alpha channels are not supported; convert to straight alpha");
    }

    @Test
    void packedSixteenBitRgbIsRefused() {
        assertRefused(new DirectColorModel(16, 0xF800, 0x07E0, 0x001F),
                "RGB images with 5/6/5 bits per sample are not supported; convert to 8 bits per sample");
    }

    @Test
    void wideIndicesAreRefused() {
        assertRefused(new IndexColorModel(16, 2, new byte[2], new byte[2], new byte[2]),
                "16-bit palette indices are not supported; reduce to at most 256 colours (8 bits)");
    }

    @Test
    void eightBitLayoutsAreRecognisedWhateverTheirStorage() {
        assertEquals(new ImageLayout(ColorType.RGB, 8, null), detect(new DirectColorModel(24, 0xFF0000, 0xFF00, 0xFF)));
        assertEquals(ColorType.RGBA, detect(ColorModel.getRGBdefault()).colorType());
        assertEquals(ColorType.GRAY_ALPHA,
                detect(component(ColorSpace.CS_GRAY, true, false, DataBuffer.TYPE_BYTE)).colorType());
    }

    @Test
    void grayRampIsGrayAndAnyOtherTableIsAPalette() {
        byte[] ramp = {0, 85, (byte) 170, (byte) 255};
        ImageLayout gray = detect(new IndexColorModel(2, 4, ramp, ramp, ramp));
        assertEquals(new ImageLayout(ColorType.GRAY, 2, null), gray);

        byte[] inverted = {(byte) 255, (byte) 170, 85, 0};
        ImageLayout palette = detect(new IndexColorModel(2, 4, inverted, inverted, inverted));
        assertEquals(ColorType.PALETTE, palette.colorType());
        assertEquals(4, palette.palette().size());

        byte[] alpha = {(byte) 255, (byte) 255, (byte) 255, 0};
        ImageLayout translucent = detect(new IndexColorModel(2, 4, ramp, ramp, ramp, alpha));
        assertEquals(ColorType.PALETTE, translucent.colorType());
        assertEquals(0, translucent.palette().alpha(3));
    }

    @Test
    void samplesAreCopiedInRgbOrderWhateverTheStorageOrder() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_BGR,
                BufferedImage.TYPE_INT_RGB}) {
            BufferedImage image = new BufferedImage(2, 1, type);
            image.setRGB(0, 0, 0x102030);
            image.setRGB(1, 0, 0x405060);
            ImageLayout layout = LayoutDetector.detect(image.getColorModel(), image.getSampleModel(), null, "x");
            RasterImage raster = BufferedImageConverter.toRasterImage(image, layout, "x");
            assertArrayEquals(new byte[] {0x10, 0x20, 0x30, 0x40, 0x50, 0x60}, raster.samples(), "type " + type);
            assertNull(raster.palette());
        }
        BufferedImage abgr = new BufferedImage(1, 1, BufferedImage.TYPE_4BYTE_ABGR);
        abgr.setRGB(0, 0, 0x80102030);
        ImageLayout layout = LayoutDetector.detect(abgr.getColorModel(), abgr.getSampleModel(), null, "x");
        assertArrayEquals(new byte[] {0x10, 0x20, 0x30, (byte) 0x80},
                BufferedImageConverter.toRasterImage(abgr, layout, "x").samples());
    }
}
