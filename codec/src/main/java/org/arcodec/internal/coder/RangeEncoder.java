package org.arcodec.internal.coder;

import java.util.Arrays;

/**
 * Range encoder over integer frequency tables whose total is {@code 2^PRECISION_BITS}
 * (at most 24 bits), writing bytes most significant first.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code low} is the bottom of the current interval within a 56-bit window, plus a
 *       carry in bit 56: {@code 0 <= low < 2^57}. Bytes already shifted out of the window are
 *       final except for carry, which lands in {@code cache} (the last byte shifted out that is
 *       not 0xFF) or turns the {@code pendingFF} 0xFF bytes after it into 0x00.</li>
 *   <li>{@code range} is the interval width: {@code 2^48 <= range <= 2^56 - 1} between
 *       symbols. With a total of at most 2^24, {@code r = range >>> 24 >= 2^24}, so the integer
 *       division wastes at most 2^-24 of the interval: coding overhead is below 1e-7 bits per
 *       symbol, plus the final bytes.</li>
 *   <li>The carry never reaches a byte already written: the interval only ever shrinks inside
 *       the initial [0, 2^56), so a carry out of {@code cache} would put the number above it.</li>
 *   <li>The last symbol of a table takes the rounding remainder of the range, so no part of
 *       the interval is left unused.</li>
 * </ul>
 * The stream ends with the shortest byte string that identifies a number inside the final
 * interval; trailing zero bytes are dropped because {@link RangeDecoder} reads zeros past the
 * end. Not thread-safe.
 */
public final class RangeEncoder {
    static final int WINDOW_BITS = 56;
    static final long WINDOW_MASK = (1L << WINDOW_BITS) - 1;
    static final long MIN_RANGE = 1L << 48;
    static final int MAX_PRECISION_BITS = 24;

    private final int precisionBits;
    private long low;
    private long range = WINDOW_MASK;
    private int cache;
    private boolean hasCache;
    private long pendingFF;
    private byte[] out;
    private int length;
    private boolean finished;

    public RangeEncoder(int precisionBits, int initialCapacity) {
        if (precisionBits < 1 || precisionBits > MAX_PRECISION_BITS) {
            throw new IllegalArgumentException("precision must be 1 to 24 bits, got " + precisionBits);
        }
        this.precisionBits = precisionBits;
        this.out = new byte[Math.max(16, initialCapacity)];
    }

    /**
     * Codes the symbol occupying {@code [cumLow, cumLow + frequency)} of the total;
     * {@code cumLow + frequency == 2^precisionBits} marks the table's last symbol.
     */
    public void encode(int cumLow, int frequency) {
        long r = range >>> precisionBits;
        // r * cumLow < range <= 2^56, so low stays below 2^57.
        low += r * cumLow;
        if (cumLow + frequency == 1 << precisionBits) {
            range -= r * cumLow;
        } else {
            range = r * frequency;
        }
        while (range < MIN_RANGE) {
            range <<= 8;
            shiftLow();
        }
    }

    /** Moves the top byte of the window out, resolving any carry into the bytes before it. */
    private void shiftLow() {
        int top = (int) (low >>> 48); // window's top byte plus the carry bit: 0..0x1FF
        if (top != 0xFF) {
            int carry = top >>> 8;
            if (hasCache) {
                put(cache + carry);
            }
            for (; pendingFF > 0; pendingFF--) {
                put((0xFF + carry) & 0xFF);
            }
            cache = top & 0xFF;
            hasCache = true;
        } else {
            pendingFF++;
        }
        low = (low << 8) & WINDOW_MASK;
    }

    private void put(int b) {
        if (length == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[length++] = (byte) b;
    }

    /** Ends the stream and returns its bytes; the encoder cannot be used afterwards. */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("already finished");
        }
        finished = true;
        // Pick the number in [low, low + range) with the most trailing zero bits.
        for (int shift = WINDOW_BITS; shift >= 0; shift -= 8) {
            long mask = (1L << shift) - 1;
            long candidate = (low + mask) & ~mask;
            if (candidate - low < range) {
                low = candidate;
                break;
            }
        }
        for (int i = 0; i < WINDOW_BITS / 8; i++) {
            shiftLow();
        }
        if (hasCache) {
            put(cache);
        }
        for (; pendingFF > 0; pendingFF--) {
            put(0xFF);
        }
        int end = length;
        while (end > 0 && out[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(out, end);
    }

    /** Bytes written so far (the final size may differ by a few bytes). */
    public long bytesWritten() {
        return length + (hasCache ? 1 : 0) + pendingFF;
    }
}
