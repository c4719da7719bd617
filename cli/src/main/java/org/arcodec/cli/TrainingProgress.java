package org.arcodec.cli;

import org.arcodec.models.train.TrainingMonitor;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What {@code arcodec train} shows while it trains: a progress bar over all training steps of
 * this run (loss, images per second, estimate) on stderr when it is a terminal, a line per epoch
 * on stdout, and the trainer's notes on stderr unless quiet.
 */
final class TrainingProgress implements TrainingMonitor, AutoCloseable {
    private final PrintWriter out;
    private final PrintWriter err;
    private final ProgressBar bar;
    private final boolean quiet;
    /** The first epoch this process runs (later than 1 after --resume) and its steps so far. */
    private int firstEpoch;
    private long steps;

    TrainingProgress(PrintWriter out, PrintWriter err, ProgressBar bar, boolean quiet) {
        this.out = out;
        this.err = err;
        this.bar = bar;
        this.quiet = quiet;
    }

    /** A batch's loss every 10 steps: a forward pass on a tenth of the batches, about 3% more time. */
    @Override
    public int lossEvery() {
        return 10;
    }

    @Override
    public void info(String line) {
        if (!quiet) {
            bar.close();
            err.println(line);
            err.flush();
        }
    }

    @Override
    public void step(int epoch, int epochs, int batch, int batches, double lossBpd, double imagesPerSecond) {
        if (firstEpoch == 0) {
            firstEpoch = epoch;
        }
        steps++;
        long total = (long) (epochs - firstEpoch + 1) * batches;
        String loss = Double.isNaN(lossBpd) ? "" : String.format(Locale.ROOT, "  batch loss %.3f bpd", lossBpd);
        bar.progress(steps, total, String.format(Locale.ROOT, "epoch %d/%d%s  %.1f img/s", epoch, epochs, loss,
                imagesPerSecond));
    }

    @Override
    public void epoch(Epoch e) {
        bar.close();
        out.println(String.format(Locale.ROOT,
                "epoch %d/%d: train %.4f bpd, validation %.4f bpd%s, %.1f img/s, %s (%.1f min in all)",
                e.epoch(), e.epochs(), e.trainBpd(), e.validationBpd(), e.best() ? " (best so far)" : "",
                e.imagesPerSecond(), ProgressBar.duration(Math.round(e.seconds())), e.elapsedMinutes()));
        out.flush();
    }

    @Override
    public void close() {
        bar.close();
    }
}
