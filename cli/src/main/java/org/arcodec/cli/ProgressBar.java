package org.arcodec.cli;

import org.arcodec.ProgressListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr for coding that takes more than a second: nothing at all
 * for quicker work, at most ten redraws a second, and the line cleared when done. Called from
 * the coding thread only; not thread-safe.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_EVERY_NANOS = 100_000_000L;
    private static final int BAR_CELLS = 30;
    private static final int MAX_LABEL = 32;

    private final PrintWriter err;
    private final String label;
    private final LongSupplier nanoClock;
    private final boolean enabled;
    private final long start;
    private long lastDraw;
    private int drawnLength;

    ProgressBar(PrintWriter err, String label, boolean enabled, LongSupplier nanoClock) {
        this.err = err;
        this.label = shorten(label);
        this.enabled = enabled;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /**
     * A bar for coding {@code label}, drawn only when {@code wanted} and stderr looks like a
     * terminal ({@code System.console()} is the heuristic Java 17 offers).
     */
    static ProgressBar start(PrintWriter err, String label, boolean wanted) {
        return new ProgressBar(err, label, wanted && System.console() != null, System::nanoTime);
    }

    @Override
    public void progress(long done, long total) {
        progress(done, total, "");
    }

    /** As {@link #progress(long, long)}, with {@code detail} (such as a loss) between the bar and the estimate. */
    void progress(long done, long total, String detail) {
        if (!enabled || total <= 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - start < SHOW_AFTER_NANOS || drawnLength > 0 && now - lastDraw < REDRAW_EVERY_NANOS) {
            return;
        }
        lastDraw = now;
        draw(line(done, total, now - start, detail));
    }

    /** Clears the bar, if one was drawn. */
    @Override
    public void close() {
        if (drawnLength > 0) {
            err.print("\r" + " ".repeat(drawnLength) + "\r");
            err.flush();
            drawnLength = 0;
        }
    }

    String line(long done, long total, long elapsedNanos) {
        return line(done, total, elapsedNanos, "");
    }

    /** {@code photo.png  [#########.....................]  31%  DETAIL  ETA 4 s} */
    String line(long done, long total, long elapsedNanos, String detail) {
        double fraction = Math.min(1.0, (double) done / total);
        int filled = (int) (fraction * BAR_CELLS);
        StringBuilder line = new StringBuilder(label).append("  [")
                .append("#".repeat(filled)).append(".".repeat(BAR_CELLS - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%%", (int) (fraction * 100)));
        if (!detail.isEmpty()) {
            line.append("  ").append(detail);
        }
        if (done > 0 && done < total) {
            long remainingSeconds = Math.round(elapsedNanos / 1e9 * (total - done) / done);
            line.append("  ETA ").append(duration(remainingSeconds));
        }
        return line.toString();
    }

    /** {@code 42 s}, {@code 17 min}, {@code 3 h 05 min}. */
    static String duration(long seconds) {
        if (seconds < 100) {
            return seconds + " s";
        }
        long minutes = Math.round(seconds / 60.0);
        return minutes < 100 ? minutes + " min" : String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }

    private void draw(String line) {
        // Pad over the remains of a longer previous line.
        String padding = " ".repeat(Math.max(0, drawnLength - line.length()));
        err.print("\r" + line + padding);
        err.flush();
        drawnLength = Math.max(drawnLength, line.length());
    }

    private static String shorten(String label) {
        return label.length() <= MAX_LABEL ? label : "..." + label.substring(label.length() - MAX_LABEL + 3);
    }
}
