package org.arcodec.cli;

import org.arcodec.models.train.TrainingMonitor;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingProgressTest {
    private static final long SECOND = 1_000_000_000L;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private long now;

    private TrainingProgress progress(boolean quiet) {
        ProgressBar bar = new ProgressBar(new PrintWriter(err, true), "training m.arcm", !quiet, () -> now);
        return new TrainingProgress(new PrintWriter(out, true), new PrintWriter(err, true), bar, quiet);
    }

    @Test
    void barShowsEpochLossAndSpeedAndEpochsGoToStdout() {
        try (TrainingProgress progress = progress(false)) {
            progress.info("PixelCNN++ F=8 L=1");
            // Resumed after epoch 2 of 4: the bar covers epochs 3 and 4, 10 steps each, 0.4 s a step.
            for (int batch = 1; batch <= 5; batch++) {
                now += 2 * SECOND / 5;
                progress.step(3, 4, batch, 10, 3.2104, 12.5);
            }
            assertTrue(err.toString().contains("training m.arcm  [#######......................."), err.toString());
            assertTrue(err.toString().contains(" 25%  epoch 3/4  batch loss 3.210 bpd  12.5 img/s  ETA 6 s"), err.toString());
            progress.epoch(new TrainingMonitor.Epoch(3, 4, 3.1, 1000, 3.05, true, 12.5, 80, 4.5, 1e-3));
        }
        assertEquals("epoch 3/4: train 3.1000 bpd, validation 3.0500 bpd (best so far), 12.5 img/s, 80 s (4.5 min in all)"
                + System.lineSeparator(), out.toString());
        assertTrue(err.toString().startsWith("PixelCNN++ F=8 L=1"), err.toString());
    }

    @Test
    void quietShowsOnlyTheEpochLines() {
        try (TrainingProgress progress = progress(true)) {
            progress.info("PixelCNN++ F=8 L=1");
            now += 5 * SECOND;
            progress.step(1, 1, 1, 2, Double.NaN, 3);
            progress.epoch(new TrainingMonitor.Epoch(1, 1, 7.0, 64, 7.5, false, 3, 20, 0.3, 1e-3));
        }
        assertEquals("", err.toString());
        assertEquals("epoch 1/1: train 7.0000 bpd, validation 7.5000 bpd, 3.0 img/s, 20 s (0.3 min in all)"
                + System.lineSeparator(), out.toString());
    }
}
