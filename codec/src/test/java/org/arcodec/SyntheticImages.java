package org.arcodec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded synthetic images of every layout, for round-trip and corruption tests. */
public final class SyntheticImages {
    private SyntheticImages() {
    }

    /** A layout the codec supports: colour type, bit depth, and for palettes size and alpha. */
    public record Layout(ColorType colorType, int bitDepth, int paletteSize, boolean paletteAlpha) {
        @Override
        public String toString() {
            return colorType + "/" + bitDepth + (colorType == ColorType.PALETTE
                    ? "/" + paletteSize + (paletteAlpha ? "+alpha" : "") : "");
        }
    }

    public enum Content { CONSTANT, NOISE, GRADIENT }

    public static List<Layout> allLayouts() {
        List<Layout> layouts = new ArrayList<>();
        for (int depth : new int[] {1, 2, 4, 8}) {
            layouts.add(new Layout(ColorType.GRAY, depth, 0, false));
        }
        layouts.add(new Layout(ColorType.GRAY_ALPHA, 8, 0, false));
        layouts.add(new Layout(ColorType.RGB, 8, 0, false));
        layouts.add(new Layout(ColorType.RGBA, 8, 0, false));
        layouts.add(new Layout(ColorType.PALETTE, 1, 2, false));
        layouts.add(new Layout(ColorType.PALETTE, 2, 3, true));
        layouts.add(new Layout(ColorType.PALETTE, 4, 16, false));
        layouts.add(new Layout(ColorType.PALETTE, 8, 256, true));
        layouts.add(new Layout(ColorType.PALETTE, 8, 37, false));
        return layouts;
    }

    public static RasterImage create(Layout layout, int width, int height, Content content, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int channels = layout.colorType().channels();
        int values = layout.colorType() == ColorType.PALETTE ? layout.paletteSize() : 1 << layout.bitDepth();
        byte[] samples = new byte[width * height * channels];
        int constant = random.nextInt(values);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < channels; c++) {
                    int v = switch (content) {
                        case CONSTANT -> constant;
                        case NOISE -> random.nextInt(values);
                        case GRADIENT -> (x + 2 * y + 3 * c + random.nextInt(2)) % values;
                    };
                    samples[(y * width + x) * channels + c] = (byte) v;
                }
            }
        }
        if (layout.colorType() != ColorType.PALETTE) {
            return RasterImage.of(width, height, layout.colorType(), layout.bitDepth(), samples);
        }
        byte[] rgba = new byte[4 * layout.paletteSize()];
        random.nextBytes(rgba);
        return RasterImage.indexed(width, height, layout.bitDepth(), new Palette(rgba, layout.paletteAlpha()), samples);
    }
}
