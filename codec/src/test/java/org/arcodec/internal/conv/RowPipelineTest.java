package org.arcodec.internal.conv;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RowPipeline} on a made-up schedule: every column of every item is computed exactly once
 * per row, in order, and only once what it reads is final, whichever thread gets to it.
 */
class RowPipelineTest {
    private static final int WIDTH = 150;
    private static final int HEIGHT = 12;
    /** Item 0 (row y) reads the pixels of row y one column ahead; item 1 (row y + 1) reads item 0 one column ahead; item 2 reads item 1 one column behind and the pixels. */
    private static final int[] ROW_OFFSET = {0, 1, 1};
    private static final int[][] READS = {
        {RowPipeline.CODED_PIXELS, 0, 1},
        {RowPipeline.ITEM, 0, 1},
        {RowPipeline.ITEM, 1, -1, RowPipeline.CODED_PIXELS, 0, 0},
    };

    /** What the items computed: by row and item, the next column expected. */
    private final int[][] done = new int[HEIGHT + 1][READS.length];
    private final AtomicInteger codedPixels = new AtomicInteger();
    private volatile int codingRow;

    private void compute(int item, int row, int from, int to, int worker) {
        synchronized (done) {
            assertEquals(done[row][item], from, "item " + item + " row " + row + " resumes where it stopped");
            assertTrue(to > from && to <= WIDTH);
            int last = to - 1;
            if (item == 0 && row == codingRow) {
                assertTrue(last + 1 < codedPixels.get() || codedPixels.get() == WIDTH, "item 0 ahead of the pixels");
            }
            if (item == 1 && row >= 1 && row - 1 == codingRow) {
                assertTrue(last + 1 < done[row - 1][0] || done[row - 1][0] == WIDTH, "item 1 ahead of item 0");
            }
            if (item == 2 && row - 1 == codingRow) {
                assertTrue(last - 1 < done[row][1] || done[row][1] == WIDTH, "item 2 ahead of item 1");
                assertTrue(last < codedPixels.get() || codedPixels.get() == WIDTH, "item 2 ahead of the pixels");
            }
            done[row][item] = to;
        }
    }

    @Test
    void computesEveryColumnOnceAndOnlyFromFinalInputs() {
        RowPipeline pipeline = new RowPipeline(ROW_OFFSET, READS, this::compute, WIDTH);
        codingRow = -1;
        codedPixels.set(WIDTH);
        pipeline.prepareFirstRow();
        for (int y = 0; y < HEIGHT; y++) {
            pipeline.startRow(y, y + 1 < HEIGHT);
            codedPixels.set(0);
            codingRow = y;
            for (int x = 0; x < WIDTH; x++) {
                long until = System.nanoTime() + 2_000;   // a pixel's work
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                codedPixels.set(x + 1);
                if (y + 1 < HEIGHT) {
                    pipeline.coded(x);
                }
            }
        }
        synchronized (done) {
            for (int row = 0; row < HEIGHT; row++) {
                assertEquals(WIDTH, done[row][1], "item 1 of row " + row);
                assertEquals(WIDTH, done[row][2], "item 2 of row " + row);
                if (row < HEIGHT - 1) {
                    assertEquals(WIDTH, done[row][0], "item 0 of row " + row);
                }
            }
            assertEquals(0, done[HEIGHT - 1][0], "nothing prepares a row after the last");
        }
    }

    @Test
    void aFailureOfTheHelperReachesTheCaller() {
        RowPipeline pipeline = new RowPipeline(ROW_OFFSET, READS, (item, row, from, to, worker) -> {
            if (row == 2) {
                throw new ArithmeticException("item " + item);
            }
        }, WIDTH);
        pipeline.prepareFirstRow();
        RuntimeException e = assertThrows(RuntimeException.class, () -> {
            for (int y = 0; y < HEIGHT; y++) {
                pipeline.startRow(y, true);
                for (int x = 0; x < WIDTH; x++) {
                    pipeline.coded(x);
                }
            }
        });
        assertTrue(e instanceof ArithmeticException || e.getCause() instanceof ArithmeticException, e.toString());
    }
}
