package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.conv.ConvGraph.Reach;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a stream keeps each node's activations, so that memory grows with the image width and
 * not its area (docs/CONVNETS.md, "Schedule and memory"). A stream computes ROWS_ABOVE nodes for
 * a whole row when the row starts (phase a), BEFORE and UP_TO nodes pixel by pixel (phase b) and
 * ROW nodes for a whole row when it ends (phase c). Each node gets one of:
 * <ul>
 *   <li>a pixel: room for one position, when the node is computed pixel by pixel and every
 *       consumer reads it at the same position in the same step;
 *   <li>a ring of R = 1 + (most rows back a consumer reads) rows of width x channels, row y in
 *       ring row y mod R. A row is overwritten only when the node computes row y + R, after
 *       every consumer of row y has run;
 *   <li>a pooled row: a whole-row node that no consumer reads in another phase or in an earlier
 *       row is dead once its last consumer (by node order) has run in that phase, so nodes of
 *       one phase whose lifetimes do not overlap share one row (not in a pipelined plan).
 * </ul>
 *
 * <p>A convolution computed pixel by pixel adds its taps on rows above first (ConvTaps order).
 * Those read rows that are finished when the row starts, so they are summed for the whole row
 * into an upper row of the node ({@link #upperTaps}), and each pixel continues from its column's
 * sum with the taps on its own row: the same terms in the same order.
 * Immutable; the sizes in channels are independent of the image.
 */
final class ActivationPlan {
    /** Upper rows per node: row y's is read while row y + 1's is written ({@link RowPipeline}). */
    static final int UPPER_ROWS = 2;
    /** By node: ring rows, 0 for a pixel. */
    private final int[] rows;
    /** By node: the buffer it writes. */
    private final int[] buffer;
    /** By node: the taps on rows above that are summed ahead for a per-pixel convolution; 0 for none. */
    private final int[] upperTaps;
    private final int[] channels;
    /** By buffer: rows (0 for a pixel) and channels per position (the most of its nodes). */
    private final int[] bufferRows;
    private final int[] bufferChannels;

    private ActivationPlan(int[] rows, int[] buffer, int[] upperTaps, int[] channels, int[] bufferRows,
                           int[] bufferChannels) {
        this.rows = rows;
        this.buffer = buffer;
        this.upperTaps = upperTaps;
        this.channels = channels;
        this.bufferRows = bufferRows;
        this.bufferChannels = bufferChannels;
    }

    /** The plan of a stream on one thread. */
    static ActivationPlan of(ConvGraph graph) {
        return of(graph, false);
    }

    /**
     * With {@code pipelined}, the plan of a stream whose whole-row work for row y + 1 runs while
     * row y is coded ({@link RowPipeline}): no pooled rows (the items of a preparation advance
     * column by column, each at its own pace), and a ROWS_ABOVE node read in another phase keeps
     * one more ring row, since its row y + 1 is written while row y is read.
     */
    static ActivationPlan of(ConvGraph graph, boolean pipelined) {
        List<Node> nodes = graph.nodes();
        int count = nodes.size();
        int[] back = new int[count];
        boolean[] elsewhere = new boolean[count];    // a consumer reads another position
        boolean[] otherPhase = new boolean[count];   // a consumer runs in another phase
        int[] lastUse = new int[count];
        java.util.Arrays.fill(lastUse, -1);
        for (Node m : nodes) {
            for (int in : m.inputs()) {
                lastUse[in] = Math.max(lastUse[in], m.id());
                otherPhase[in] |= phase(m.reach()) != phase(nodes.get(in).reach());
                if (m.op() == Op.CONV) {
                    int[] taps = ConvTaps.of(m);
                    for (int t = 0; t < taps.length; t += ConvTaps.STRIDE) {
                        back[in] = Math.max(back[in], -taps[t + ConvTaps.DY]);
                        elsewhere[in] |= taps[t + ConvTaps.DY] != 0 || taps[t + ConvTaps.DX] != 0;
                    }
                } else if (m.op() == Op.SHIFT_DOWN) {
                    back[in] = Math.max(back[in], 1);
                    elsewhere[in] = true;
                } else if (m.op() == Op.SHIFT_RIGHT) {
                    elsewhere[in] = true;
                }
            }
        }
        // The head reads the output at the pixel it codes, before the pixel's samples: phase b.
        Node output = graph.output();
        otherPhase[output.id()] |= phase(output.reach()) != phase(Reach.BEFORE);
        lastUse[output.id()] = count;

        int[] rows = new int[count];
        int[] buffer = new int[count];
        List<int[]> buffers = new ArrayList<>();   // {rows, channels}
        List<List<int[]>> free = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<int[]>> held = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()); // {buffer, lastUse}
        for (Node n : nodes) {
            int id = n.id();
            int phase = phase(n.reach());
            if (phase == 1 && !elsewhere[id] && !otherPhase[id]) {
                rows[id] = 0;
                buffer[id] = buffers.size();
                buffers.add(new int[] {0, n.channels()});
            } else if (!pipelined && phase != 1 && back[id] == 0 && !otherPhase[id]) {
                rows[id] = 1;
                buffer[id] = pooled(n, lastUse[id], buffers, free.get(phase), held.get(phase));
            } else {
                rows[id] = 1 + back[id] + (pipelined && phase == 0 && otherPhase[id] ? 1 : 0);
                buffer[id] = buffers.size();
                buffers.add(new int[] {rows[id], n.channels()});
            }
        }
        int[] bufferRows = new int[buffers.size()];
        int[] bufferChannels = new int[buffers.size()];
        for (int b = 0; b < bufferRows.length; b++) {
            bufferRows[b] = buffers.get(b)[0];
            bufferChannels[b] = buffers.get(b)[1];
        }
        int[] upperTaps = new int[count];
        int[] channels = new int[count];
        for (Node n : nodes) {
            channels[n.id()] = n.channels();
            if (n.op() == Op.CONV && phase(n.reach()) == 1) {
                int[] taps = ConvTaps.of(n);
                int upper = 0;
                while (ConvTaps.STRIDE * upper < taps.length && taps[ConvTaps.STRIDE * upper + ConvTaps.DY] < 0) {
                    upper++;
                }
                upperTaps[n.id()] = upper;
            }
        }
        return new ActivationPlan(rows, buffer, upperTaps, channels, bufferRows, bufferChannels);
    }

    /**
     * A row for whole-row node n: first frees the rows of nodes whose last consumer comes before
     * n (every consumer is in n's phase, which runs in node order, so they are done), then takes
     * the free row of the fewest channels that holds n, else the widest free one (widened), else
     * a new one.
     */
    private static int pooled(Node n, int lastUse, List<int[]> buffers, List<int[]> free, List<int[]> held) {
        for (int i = held.size() - 1; i >= 0; i--) {
            if (held.get(i)[1] < n.id()) {
                free.add(held.remove(i));
            }
        }
        int[] best = null;
        for (int[] candidate : free) {
            int channels = buffers.get(candidate[0])[1];
            if (best == null) {
                best = candidate;
                continue;
            }
            int bestChannels = buffers.get(best[0])[1];
            boolean fits = channels >= n.channels();
            boolean bestFits = bestChannels >= n.channels();
            if (fits && (!bestFits || channels < bestChannels) || !fits && !bestFits && channels > bestChannels) {
                best = candidate;
            }
        }
        int id;
        if (best != null) {
            free.remove(best);
            id = best[0];
            int[] b = buffers.get(id);
            b[1] = Math.max(b[1], n.channels());
        } else {
            id = buffers.size();
            buffers.add(new int[] {1, n.channels()});
        }
        held.add(new int[] {id, lastUse});
        return id;
    }

    /** 0: ROWS_ABOVE (row start), 1: BEFORE and UP_TO (each pixel), 2: ROW (row end). */
    private static int phase(Reach reach) {
        return switch (reach) {
            case ROWS_ABOVE -> 0;
            case BEFORE, UP_TO -> 1;
            case ROW -> 2;
        };
    }

    /** Ring rows of a node, 0 when it keeps one pixel. */
    int rows(int node) {
        return rows[node];
    }

    int buffer(int node) {
        return buffer[node];
    }

    int buffers() {
        return bufferRows.length;
    }

    /**
     * For a convolution computed pixel by pixel, how many of its first taps (ConvTaps order) lie
     * on rows above, which are summed for the whole row ahead into the node's upper row; 0 for
     * other nodes.
     */
    int upperTaps(int node) {
        return upperTaps[node];
    }

    /** Floats of a buffer for images {@code width} wide. */
    long bufferFloats(int b, int width) {
        return bufferRows[b] == 0 ? bufferChannels[b] : (long) bufferRows[b] * width * bufferChannels[b];
    }

    /** Bytes of every buffer and upper row of a stream for images {@code width} wide. */
    long bytes(int width) {
        long floats = 0;
        for (int b = 0; b < bufferRows.length; b++) {
            floats += bufferFloats(b, width);
        }
        for (int n = 0; n < upperTaps.length; n++) {
            floats += upperTaps[n] > 0 ? (long) UPPER_ROWS * width * channels[n] : 0;
        }
        return 4 * floats;
    }
}
