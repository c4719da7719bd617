package org.arcodec;

/** An {@code .arc} stream that is truncated, damaged or not an {@code .arc} stream at all. */
public final class CorruptArcException extends ArcodecException {
    private final long offset;

    public CorruptArcException(long offset, String reason) {
        super(reason + " (at byte " + offset + ")");
        this.offset = offset;
    }

    /** Byte offset in the stream where the problem was found. */
    public long offset() {
        return offset;
    }
}
