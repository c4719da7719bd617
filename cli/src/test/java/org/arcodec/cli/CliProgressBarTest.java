package org.arcodec.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliProgressBarTest {
    private static final long MS = 1_000_000L;

    private final StringWriter err = new StringWriter();
    private long now;

    private ProgressBar bar(boolean enabled) {
        return new ProgressBar(new PrintWriter(err), "photo.png", enabled, () -> now);
    }

    @Test
    void quickWorkDrawsNothing() {
        try (ProgressBar bar = bar(true)) {
            for (int row = 1; row <= 10; row++) {
                now += 90 * MS;
                bar.progress(row, 10);
            }
        }
        assertEquals("", err.toString());
    }

    @Test
    void slowWorkDrawsAtMostTenTimesASecondAndClearsTheLine() {
        ProgressBar bar = bar(true);
        for (int row = 1; row <= 300; row++) {
            now += 10 * MS;
            bar.progress(row, 300);
        }
        String drawn = err.toString();
        // Three seconds of rows, shown after the first second: about 20 redraws, not 200.
        long redraws = drawn.chars().filter(c -> c == '\r').count();
        assertTrue(redraws >= 15 && redraws <= 21, redraws + " redraws");
        assertTrue(drawn.contains("photo.png  ["), drawn);
        assertTrue(drawn.contains("%"), drawn);

        bar.close();
        String all = err.toString();
        String cleared = all.substring(drawn.length());
        assertTrue(cleared.matches("\r +\r"), "clears with spaces: '" + cleared + "'");
        int longest = 0;
        for (String line : drawn.split("\r")) {
            longest = Math.max(longest, line.length());
        }
        assertEquals(longest, cleared.length() - 2, "the clearing covers the longest line drawn");
    }

    @Test
    void disabledBarDrawsNothing() {
        try (ProgressBar bar = bar(false)) {
            now += 5_000 * MS;
            bar.progress(1, 2);
        }
        assertEquals("", err.toString());
    }

    @Test
    void lineShowsFractionAndEstimate() {
        ProgressBar bar = bar(true);
        String line = bar.line(25, 100, 2_000 * MS);
        assertTrue(line.startsWith("photo.png  [#######......................."), line);
        assertTrue(line.contains(" 25%"), line);
        assertTrue(line.endsWith("ETA 6 s"), line);
        assertTrue(bar.line(100, 100, 2_000 * MS).endsWith("100%"));
    }

    @Test
    void detailGoesBetweenBarAndEstimateAndLongEstimatesReadInMinutes() {
        ProgressBar bar = bar(true);
        String line = bar.line(1, 100, 60_000 * MS, "epoch 1/10  loss 3.210 bpd");
        assertTrue(line.contains(" 1%  epoch 1/10  loss 3.210 bpd  ETA 99 min"), line);
        assertEquals("99 s", ProgressBar.duration(99));
        assertEquals("2 min", ProgressBar.duration(100));
        assertEquals("1 h 40 min", ProgressBar.duration(6_000));
    }
}
