package org.arcodec.internal.conv;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole-row work that prepares row y + 1 (the ROW nodes of row y, then the ROWS_ABOVE nodes
 * and the upper rows of row y + 1: the items, in that order), done column by column by a helper
 * task on the common fork-join pool while the caller codes row y pixel by pixel.
 *
 * <p>An item at column c reads other items of the same preparation and the per-pixel nodes of
 * row y at columns up to c plus a lead (its taps' largest dx). So item i may compute every column
 * below its limit: the smallest, over what it reads, of the finished columns of that item, or the
 * coded pixels of row y, minus the lead; a finished row sets no limit. Items are swept in order,
 * each from the columns it has (its frontier) to its limit, so its inputs' frontiers are current.
 * Every column of every item is computed once, by the same code, from inputs that are final: the
 * values do not depend on which thread computes what, or when.
 *
 * <p>One thread sweeps at a time ({@link #busy}). The caller starts a helper when none is live
 * and pixels have been coded; a helper sweeps whenever new pixels have come, until the
 * preparation is complete or no new pixel has come for a while, then returns, so a stream that is
 * abandoned leaves no task behind.
 * At the start of row y + 1 the caller takes over, completes the preparation itself (the helper
 * lags by a few dozen columns) and begins the next.
 */
final class RowPipeline {
    /** Computes columns from..to-1 of item {@code item} of row {@code row} with worker {@code worker}'s scratch space. */
    interface Columns {
        void compute(int item, int row, int from, int to, int worker);
    }

    /** Kinds of a read: the per-pixel nodes of row y, or another item of the preparation. */
    static final int CODED_PIXELS = 0;
    static final int ITEM = 1;
    /** Ints per read in {@link #reads}: kind, item (for ITEM), lead. */
    static final int READ_STRIDE = 3;
    /** Columns a sweep leaves for later unless the row is complete, so that the kernel gets runs of columns. */
    private static final int MIN_STEP = 8;
    /** Pixels the caller codes between starts of a helper. */
    private static final int KICK_PIXELS = 8;
    /**
     * How long a helper waits for new pixels before it returns, in spins of
     * {@link Thread#onSpinWait}, yielding every {@link #YIELD_EVERY}: a spinning helper must not
     * keep HotSpot's compiler threads off the second core while the code warms up.
     */
    private static final int IDLE_SPINS = 2_048;
    private static final int YIELD_EVERY = 64;

    private final int[] rowOffset;   // by item: 0 for a ROW node (row y), 1 otherwise (row y + 1)
    private final int[][] reads;     // by item: READ_STRIDE ints per read of the preparation's rows
    private final Columns columns;
    private final int width;
    private final int[] frontier;
    private final AtomicBoolean busy = new AtomicBoolean();
    /** Whether a helper task is live, sweeping or waiting for pixels. */
    private final AtomicBoolean helping = new AtomicBoolean();
    private final Runnable helper = this::help;
    /** Pixels of row y whose per-pixel nodes are final; written by the caller only. */
    private volatile int coded;
    private volatile Throwable failure;
    /** The row y whose successor is being prepared; its items are all done once {@link #complete}. */
    private int row = -1;
    private boolean complete = true;
    private int kicked;

    RowPipeline(int[] rowOffset, int[][] reads, Columns columns, int width) {
        this.rowOffset = rowOffset;
        this.reads = reads;
        this.columns = columns;
        this.width = width;
        this.frontier = new int[rowOffset.length];
    }

    /**
     * Computes what row 0 needs (its ROWS_ABOVE nodes and upper rows) on the calling thread; no
     * helper runs yet.
     */
    void prepareFirstRow() {
        for (int i = 0; i < frontier.length; i++) {
            frontier[i] = rowOffset[i] == 0 ? width : 0;   // there is no row -1
        }
        row = -1;
        coded = width;
        complete = false;
        sweep(0);
    }

    /**
     * At the start of row y: completes the preparation of row y on the calling thread, waiting
     * for a helper that is sweeping, then begins preparing row y + 1 when {@code next} says there
     * is one.
     */
    void startRow(int y, boolean next) {
        acquire();
        try {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("the row helper failed", t);
            }
            coded = width;
            if (!complete) {
                sweep(0);
            }
            if (next) {
                java.util.Arrays.fill(frontier, 0);
                row = y;
                coded = 0;
                kicked = 0;
                complete = false;
            }
        } finally {
            busy.set(false);
        }
    }

    /** Pixel x of the current row has all its per-pixel nodes: starts a helper when none is live. */
    void coded(int x) {
        coded = x + 1;
        if (x + 1 - kicked >= KICK_PIXELS && !helping.get() && helping.compareAndSet(false, true)) {
            kicked = x + 1;
            ForkJoinPool.commonPool().execute(helper);
        }
    }

    private void acquire() {
        for (int spins = 0; !busy.compareAndSet(false, true); spins++) {
            if ((spins & 1023) == 1023) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * Sweeps whenever new pixels have come, holding {@link #busy} only while it sweeps, so the
     * caller never waits for a helper that is only waiting; returns once the preparation is
     * complete or no pixel has come for {@link #IDLE_SPINS} spins.
     */
    private void help() {
        try {
            int swept = -1;
            for (int idle = 0; idle < IDLE_SPINS; idle++) {
                int pixels = coded;
                if (pixels != swept && busy.compareAndSet(false, true)) {
                    boolean finished;
                    try {
                        swept = pixels;
                        sweep(1);
                        finished = complete;
                    } finally {
                        busy.set(false);
                    }
                    if (finished) {
                        return;
                    }
                    idle = 0;
                } else if (idle % YIELD_EVERY == YIELD_EVERY - 1) {
                    Thread.yield();
                } else {
                    Thread.onSpinWait();
                }
            }
        } catch (Throwable t) {
            failure = t;
        } finally {
            helping.set(false);
        }
    }

    /** One pass over the items in order. Sets {@link #complete}. */
    private void sweep(int worker) {
        int pixels = coded;
        boolean done = true;
        for (int i = 0; i < frontier.length; i++) {
            int from = frontier[i];
            if (from == width) {
                continue;
            }
            int limit = limit(i, pixels);
            if (limit > from && (limit - from >= MIN_STEP || limit == width)) {
                columns.compute(i, row + rowOffset[i], from, limit, worker);
                frontier[i] = limit;
            }
            done &= frontier[i] == width;
        }
        complete = done;
    }

    private int limit(int item, int pixels) {
        int limit = width;
        int[] r = reads[item];
        for (int k = 0; k < r.length; k += READ_STRIDE) {
            int finished = r[k] == CODED_PIXELS ? pixels : frontier[r[k + 1]];
            if (finished < width) {
                limit = Math.min(limit, finished - r[k + 2]);
            }
        }
        return Math.max(limit, 0);
    }
}
