package org.arcodec.internal.coder;

/**
 * Decoder for {@link RangeEncoder} streams. It tracks {@code code}, the distance from the
 * bottom of the current interval to the number the stream spells, so {@code 0 <= code < range}
 * holds between symbols for a well-formed stream. Bytes past the end of the input read as zero
 * (the encoder drops trailing zeros). A damaged stream decodes to wrong symbols, never to an
 * exception or a loop: the container's pixel checksum catches it. Not thread-safe.
 */
public final class RangeDecoder {
    private final int precisionBits;
    private final byte[] in;
    private final int end;
    private int position;
    private long bytesRead;
    private long code;
    private long range = RangeEncoder.WINDOW_MASK;
    private long r;

    public RangeDecoder(int precisionBits, byte[] in, int offset, int length) {
        if (precisionBits < 1 || precisionBits > RangeEncoder.MAX_PRECISION_BITS) {
            throw new IllegalArgumentException("precision must be 1 to 24 bits, got " + precisionBits);
        }
        this.precisionBits = precisionBits;
        this.in = in;
        this.position = offset;
        this.end = offset + length;
        for (int i = 0; i < RangeEncoder.WINDOW_BITS / 8; i++) {
            code = (code << 8) | nextByte();
        }
    }

    private int nextByte() {
        bytesRead++;
        return position < end ? in[position++] & 0xFF : 0;
    }

    /**
     * The position of the coded number within the current symbol's table, in
     * {@code [0, 2^precisionBits)}: the symbol to decode is the one whose interval holds it.
     * Must be followed by {@link #consume} with that symbol's interval.
     */
    public int target() {
        r = range >>> precisionBits;
        long t = code / r;
        int top = (1 << precisionBits) - 1;
        // code may exceed r * total by the last symbol's share of the remainder, or anything
        // at all in a damaged stream.
        return t > top ? top : (int) t;
    }

    /** Removes the symbol occupying {@code [cumLow, cumLow + frequency)} from the stream. */
    public void consume(int cumLow, int frequency) {
        code -= r * cumLow;
        if (cumLow + frequency == 1 << precisionBits) {
            range -= r * cumLow;
        } else {
            range = r * frequency;
        }
        while (range < RangeEncoder.MIN_RANGE) {
            range <<= 8;
            code = ((code << 8) | nextByte()) & RangeEncoder.WINDOW_MASK;
        }
    }

    /**
     * Input bytes consumed so far, counting the 7 read ahead at the start and the zeros read
     * past the end (not the offset the stream starts at).
     */
    public long bytesRead() {
        return bytesRead;
    }
}
