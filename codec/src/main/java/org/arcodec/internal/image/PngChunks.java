package org.arcodec.internal.image;

import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.Palette;
import org.arcodec.RasterImage;

import javax.imageio.stream.ImageInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * What a PNG file says about its layout, read straight from its chunks: the IHDR fields, the
 * exact PLTE entries and the tRNS chunk. ImageIO decodes the pixels; this class answers the two
 * questions ImageIO cannot:
 * <ul>
 *   <li>gray or palette: ImageIO hands back an {@code IndexColorModel} for 1/2/4-bit gray as
 *       well as for palettes;</li>
 *   <li>the exact palette: the JDK reader rounds the PLTE entry count up to 2, 4, 16 or 256 and
 *       pads with black, in its {@code IndexColorModel} and in its native metadata tree alike,
 *       so a 37-colour palette would come back with 256 entries.</li>
 * </ul>
 *
 * <p>The scan also walks every chunk to IEND and checks every CRC. The JDK reader checks neither,
 * so without this a damaged IDAT or a file cut short after its last complete row could decode
 * into a wrong or partial image. A bad CRC is fatal even in an ancillary chunk, stricter than
 * libpng's default of dropping the chunk: one flipped bit can turn {@code tRNS} into an unknown
 * ancillary chunk, and dropping it would silently lose the transparency.
 */
final class PngChunks {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    static final int COLOR_GRAY = 0;
    static final int COLOR_RGB = 2;
    static final int COLOR_PALETTE = 3;
    static final int COLOR_GRAY_ALPHA = 4;
    static final int COLOR_RGBA = 6;

    static final int IHDR = type("IHDR");
    static final int PLTE = type("PLTE");
    static final int TRNS = type("tRNS");
    static final int IDAT = type("IDAT");
    static final int IEND = type("IEND");

    private static final int IHDR_LENGTH = 13;
    private static final int MAX_PLTE_LENGTH = 3 * Palette.MAX_ENTRIES;
    private static final int MAX_TRNS_LENGTH = Palette.MAX_ENTRIES;

    private final int bitDepth;
    private final int colorType;
    /** 3 bytes (R, G, B) per entry, null when there is no PLTE chunk. */
    private final byte[] plte;
    /** The tRNS chunk's body, null when there is none. */
    private final byte[] trns;

    private PngChunks(int bitDepth, int colorType, byte[] plte, byte[] trns) {
        this.bitDepth = bitDepth;
        this.colorType = colorType;
        this.plte = plte;
        this.trns = trns;
    }

    /** PNG's colour type from IHDR: 0 gray, 2 RGB, 3 palette, 4 gray+alpha, 6 RGBA. */
    int colorType() {
        return colorType;
    }

    int bitDepth() {
        return bitDepth;
    }

    /**
     * The palette of a colour-type-3 PNG: exactly the PLTE entries, alpha from tRNS (entries
     * past the end of tRNS are opaque), {@code hasAlpha} when there is a tRNS chunk. Entries past
     * {@code 2^bitDepth} cannot be indexed and are dropped, as the JDK reader drops them.
     */
    Palette palette(String source) {
        if (plte == null) {
            throw new ArcodecException(source + ": damaged PNG: a palette image without a PLTE chunk");
        }
        int entries = Math.min(plte.length / 3, 1 << bitDepth);
        byte[] rgba = new byte[4 * entries];
        for (int i = 0; i < entries; i++) {
            rgba[4 * i] = plte[3 * i];
            rgba[4 * i + 1] = plte[3 * i + 1];
            rgba[4 * i + 2] = plte[3 * i + 2];
            rgba[4 * i + 3] = trns != null && i < trns.length ? trns[i] : (byte) 0xFF;
        }
        return new Palette(rgba, trns != null);
    }

    /**
     * The gray value a tRNS colour key makes transparent in a 1/2/4-bit gray PNG, or -1 when there
     * is none (or the image is not low-bit gray). The JDK reader gets this case wrong: it widens
     * the samples to 8 bits first and then compares them with the unwidened key, so the key
     * matches nothing (or only black). {@link #grayKeyToAlpha} does it right.
     */
    int lowBitGrayKey() {
        if (colorType != COLOR_GRAY || bitDepth >= 8 || trns == null || trns.length != 2) {
            return -1;
        }
        return (trns[0] & 0xFF) << 8 | trns[1] & 0xFF;
    }

    /**
     * What a viewer shows for a low-bit gray image with a colour key: 8-bit gray+alpha, gray
     * widened by PNG's rule {@code v * 255 / (2^bits - 1)}, alpha 0 where the sample equals the
     * key and 255 elsewhere. The same layout the JDK gives 8-bit gray with a colour key.
     */
    static RasterImage grayKeyToAlpha(RasterImage gray, int key) {
        byte[] samples = gray.samples();
        byte[] widened = new byte[2 * samples.length];
        int max = (1 << gray.bitDepth()) - 1;
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i] & 0xFF;
            widened[2 * i] = (byte) (v * 255 / max);
            widened[2 * i + 1] = (byte) (v == key ? 0 : 0xFF);
        }
        return RasterImage.of(gray.width(), gray.height(), ColorType.GRAY_ALPHA, 8, widened);
    }

    /**
     * Reads the chunks of a PNG from the start of {@code in} to the end of IEND, and leaves the
     * stream at its start again, big-endian.
     *
     * @throws ArcodecException naming {@code source} when the file is truncated or damaged
     */
    static PngChunks scan(ImageInputStream in, String source) throws IOException {
        long position = 0;
        in.seek(0);
        // Format probes run before this one may have left the byte order changed.
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        try {
            byte[] signature = new byte[SIGNATURE.length];
            in.readFully(signature);
            if (!Arrays.equals(signature, SIGNATURE)) {
                throw damaged(source, "the PNG signature is wrong");
            }
            position = SIGNATURE.length;
            byte[] ihdr = null;
            byte[] plte = null;
            byte[] trns = null;
            CRC32 crc = new CRC32();
            byte[] buffer = new byte[8192];
            while (true) {
                long length = in.readUnsignedInt();
                int type = in.readInt();
                if (length > Integer.MAX_VALUE) {
                    throw damaged(source, "chunk at byte " + position + " claims " + length + " bytes");
                }
                if (ihdr == null && type != IHDR) {
                    throw damaged(source, "the first chunk is " + name(type) + ", not IHDR");
                }
                crc.reset();
                crc.update(type >>> 24);
                crc.update(type >>> 16);
                crc.update(type >>> 8);
                crc.update(type);
                byte[] body = null;
                if (type == IHDR || type == PLTE || type == TRNS) {
                    checkLength(type, length, source);
                    body = new byte[(int) length];
                    in.readFully(body);
                    crc.update(body);
                } else {
                    for (long left = length; left > 0; ) {
                        int n = (int) Math.min(left, buffer.length);
                        in.readFully(buffer, 0, n);
                        crc.update(buffer, 0, n);
                        left -= n;
                    }
                }
                if ((int) crc.getValue() != in.readInt()) {
                    throw damaged(source, "the CRC of the " + name(type) + " chunk at byte " + position + " is wrong");
                }
                if (type == IHDR) {
                    ihdr = body;
                } else if (type == PLTE) {
                    plte = body;
                } else if (type == TRNS) {
                    trns = body;
                }
                position += 12 + length;
                if (type == IEND) {
                    in.seek(0);
                    return new PngChunks(ihdr[8] & 0xFF, ihdr[9] & 0xFF, plte, trns);
                }
            }
        } catch (EOFException e) {
            throw new ArcodecException(source + ": truncated PNG: the file ends inside the chunk at byte "
                    + position + ", before IEND", e);
        }
    }

    private static void checkLength(int type, long length, String source) {
        boolean ok;
        if (type == IHDR) {
            ok = length == IHDR_LENGTH;
        } else if (type == PLTE) {
            ok = length > 0 && length <= MAX_PLTE_LENGTH && length % 3 == 0;
        } else {
            ok = length <= MAX_TRNS_LENGTH;
        }
        if (!ok) {
            throw damaged(source, "the " + name(type) + " chunk has an impossible length of " + length + " bytes");
        }
    }

    private static ArcodecException damaged(String source, String what) {
        return new ArcodecException(source + ": damaged PNG: " + what);
    }

    static int type(String name) {
        return name.charAt(0) << 24 | name.charAt(1) << 16 | name.charAt(2) << 8 | name.charAt(3);
    }

    private static String name(int type) {
        char[] chars = {(char) (type >>> 24 & 0xFF), (char) (type >>> 16 & 0xFF), (char) (type >>> 8 & 0xFF),
                (char) (type & 0xFF)};
        for (char c : chars) {
            if (!Character.isLetter(c) || c > 'z') {
                return String.format("0x%08X", type);
            }
        }
        return new String(chars);
    }
}
