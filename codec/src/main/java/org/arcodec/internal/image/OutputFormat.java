package org.arcodec.internal.image;

import org.arcodec.ColorType;
import org.arcodec.Palette;
import org.arcodec.RasterImage;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The formats {@link ImageFileWriter} writes, chosen by file name, and which layouts each holds
 * exactly: written and read back, the same colour type, bit depth, palette and samples. Each
 * "can hold" rule here is pinned by a round-trip test.
 */
enum OutputFormat {
    /** Every layout, through {@link PngEncoder}. */
    PNG("PNG", null),
    /** 1/4/8-bit gray (as a gray-ramp palette, read back as gray), 8-bit RGB, 1/4/8-bit opaque palettes. */
    BMP("BMP", "bmp", "bmp"),
    /** Gray (1/2/4/8-bit), gray+alpha, RGB, RGBA (unassociated alpha), opaque palettes of exactly 2^bits entries. LZW. */
    TIFF("TIFF", "tiff", "tif", "tiff"),
    /** 8-bit gray only (P5). */
    PGM("PGM", "pnm", "pgm"),
    /** 8-bit RGB only (P6). */
    PPM("PPM", "pnm", "ppm"),
    /** 8-bit gray (P5) or RGB (P6). */
    PNM("PNM", "pnm", "pnm"),
    /** 8-bit gray, gray+alpha, RGB or RGBA (P7). */
    PAM("PAM", "pam", "pam");

    private final String displayName;
    /** ImageIO's format name for the writer, null for PNG (own encoder). */
    private final String imageIoName;
    private final Set<String> suffixes;

    OutputFormat(String displayName, String imageIoName, String... suffixes) {
        this.displayName = displayName;
        this.imageIoName = imageIoName;
        this.suffixes = Set.of(suffixes);
    }

    String imageIoName() {
        return imageIoName;
    }

    /** The format a file name asks for: by its suffix, ignoring case; PNG for any other name. */
    static OutputFormat forFile(Path file) {
        Path name = file.getFileName();
        String text = name == null ? "" : name.toString();
        int dot = text.lastIndexOf('.');
        String suffix = dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (OutputFormat format : values()) {
            if (format.suffixes.contains(suffix)) {
                return format;
            }
        }
        return PNG;
    }

    /**
     * Why this format cannot hold {@code image} exactly, as a sentence fragment that ends with
     * what to do instead; null when it can.
     */
    String whyCannotHold(RasterImage image) {
        ColorType type = image.colorType();
        int bits = image.bitDepth();
        Palette palette = image.palette();
        if (palette != null && palette.size() > 1 << bits) {
            return displayName + " cannot hold a " + bits + "-bit palette image with " + palette.size()
                    + " palette entries (at most " + (1 << bits) + ")";
        }
        if (!holdsLayout(type, bits)) {
            boolean pamWould = type != ColorType.PALETTE && bits == 8;
            return displayName + " cannot hold " + ImageLayout.describe(type, bits) + " images; write a .png"
                    + (pamWould ? " or .pam" : "") + " instead";
        }
        if (palette != null && (this == BMP || this == TIFF)) {
            if (palette.hasAlpha()) {
                return displayName + " cannot hold a palette with alpha; write a .png instead";
            }
            if (this == TIFF && palette.size() != 1 << bits) {
                return "TIFF cannot hold a " + bits + "-bit palette of " + palette.size()
                        + " entries (a TIFF palette has exactly " + (1 << bits) + "); write a .png instead";
            }
            if (LayoutDetector.isGrayRamp(palette, bits)) {
                return displayName + " cannot hold a palette that is exactly the " + bits
                        + "-bit gray ramp (it would read back as gray); write a .png instead";
            }
        }
        return null;
    }

    /** The colour types and bit depths this format stores, palette contents aside. */
    private boolean holdsLayout(ColorType type, int bits) {
        return switch (this) {
            case PNG, TIFF -> true;
            case BMP -> bits != 2 && (type == ColorType.GRAY || type == ColorType.RGB || type == ColorType.PALETTE);
            case PGM -> type == ColorType.GRAY && bits == 8;
            case PPM -> type == ColorType.RGB;
            case PNM -> type == ColorType.RGB || type == ColorType.GRAY && bits == 8;
            case PAM -> type != ColorType.PALETTE && bits == 8;
        };
    }
}
