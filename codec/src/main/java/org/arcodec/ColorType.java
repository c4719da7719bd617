package org.arcodec;

/**
 * How the samples of a {@link RasterImage} are to be read, in the terms of PNG's colour types.
 * The numeric {@link #code()} is what the {@code .arc} container stores (docs/FORMAT.md).
 */
public enum ColorType {
    GRAY(0, 1),
    GRAY_ALPHA(1, 2),
    RGB(2, 3),
    RGBA(3, 4),
    /** One sample per pixel: an index into the image's {@link Palette}. */
    PALETTE(4, 1);

    private final int code;
    private final int channels;

    ColorType(int code, int channels) {
        this.code = code;
        this.channels = channels;
    }

    /** The value stored in the container header. */
    public int code() {
        return code;
    }

    /** Samples per pixel. */
    public int channels() {
        return channels;
    }

    /** Whether this colour type may have the given bits per sample (PNG's rules, 16 excluded). */
    public boolean allowsBitDepth(int bitDepth) {
        return switch (this) {
            case GRAY, PALETTE -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
            default -> bitDepth == 8;
        };
    }

    /** The colour type stored as {@code code}, or null when no colour type has that code. */
    public static ColorType fromCode(int code) {
        for (ColorType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
