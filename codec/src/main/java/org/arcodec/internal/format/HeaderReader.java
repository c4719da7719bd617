package org.arcodec.internal.format;

import org.arcodec.CorruptArcException;

/** Bounds-checked big-endian reads from the start of an {@code .arc} stream. */
final class HeaderReader {
    private final byte[] data;
    private int position;

    HeaderReader(byte[] data) {
        this.data = data;
    }

    int position() {
        return position;
    }

    int u8(String field) {
        require(1, field);
        return data[position++] & 0xFF;
    }

    long u32(String field) {
        require(4, field);
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value = (value << 8) | (data[position++] & 0xFF);
        }
        return value;
    }

    byte[] bytes(int count, String field) {
        require(count, field);
        byte[] out = new byte[count];
        System.arraycopy(data, position, out, 0, count);
        position += count;
        return out;
    }

    /**
     * An unsigned LEB128 number of at most {@code maxBytes} bytes, in its shortest encoding
     * (so that every value has exactly one encoding and the header CRC covers a canonical form).
     */
    long varint(String field, int maxBytes) {
        int start = position;
        long value = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = u8(field);
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new CorruptArcException(start, field + " is not in its shortest encoding");
                }
                return value;
            }
        }
        throw new CorruptArcException(start, field + " is longer than " + maxBytes + " bytes");
    }

    private void require(int count, String field) {
        if (data.length - position < count) {
            throw new CorruptArcException(position, "file is truncated: it ends inside the " + field);
        }
    }
}
