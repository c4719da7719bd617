package org.arcodec.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * An output stream that passes lines on to another, except those that start with a given
 * prefix. SameDiff 1.0.0-M2.1 prints one line per operation of a graph it differentiates
 * ("Added differentiated op ...", over 500 for PixelCNN++) to {@code System.out}.
 */
final class DroppedLines extends OutputStream {
    private final OutputStream target;
    private final byte[] prefix;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    DroppedLines(OutputStream target, String prefix) {
        this.target = target;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        line.write(b);
        if (b == '\n') {
            flushLine();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        target.flush();
    }

    /** Passes on an unfinished last line, unless it is to be dropped. */
    @Override
    public synchronized void close() throws IOException {
        flushLine();
        target.flush();
    }

    private void flushLine() throws IOException {
        byte[] bytes = line.toByteArray();
        line.reset();
        if (!startsWithPrefix(bytes)) {
            target.write(bytes);
        }
    }

    private boolean startsWithPrefix(byte[] bytes) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
