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
 *       one phase whose lifetimes do not overlap share one row.
 * </ul>
 * A whole-row pass runs its nodes in groups ({@link #startsGroup}): a node that reads another
 * column of a node of its own pass starts a group, and every column of a group is finished before
 * the next group starts; within a group, a column range's nodes run one after the other on one
 * thread. So a pooled row is free for a later node of the same group only when each column of
 * both lies at the same place in the row and no thread reads it at other columns
 * ({@link #pooled}); else only once a group has started after its last consumer.
 *
 * <p>A convolution computed pixel by pixel adds its taps on rows above first (ConvTaps order).
 * Those read rows that are finished when the row starts, so phase a sums them for the whole row
 * into an upper row of the node ({@link #upperTaps}), and each pixel continues from its column's
 * sum with the taps on its own row: the same terms in the same order.
 * Immutable; the sizes in channels are independent of the image.
 */
final class ActivationPlan {
    /** By node: ring rows, 0 for a pixel. */
    private final int[] rows;
    /** By node: the buffer it writes. */
    private final int[] buffer;
    /** By node: whether it starts a group of its whole-row pass. */
    private final boolean[] startsGroup;
    /** By node: the taps on rows above that phase a sums for a per-pixel convolution; 0 for none. */
    private final int[] upperTaps;
    private final int[] channels;
    /** By buffer: rows (0 for a pixel) and channels per position (the most of its nodes). */
    private final int[] bufferRows;
    private final int[] bufferChannels;

    private ActivationPlan(int[] rows, int[] buffer, boolean[] startsGroup, int[] upperTaps, int[] channels,
                           int[] bufferRows, int[] bufferChannels) {
        this.rows = rows;
        this.buffer = buffer;
        this.startsGroup = startsGroup;
        this.upperTaps = upperTaps;
        this.channels = channels;
        this.bufferRows = bufferRows;
        this.bufferChannels = bufferChannels;
    }

    static ActivationPlan of(ConvGraph graph) {
        List<Node> nodes = graph.nodes();
        int count = nodes.size();
        int[] back = new int[count];
        boolean[] elsewhere = new boolean[count];    // a consumer reads another position
        boolean[] otherPhase = new boolean[count];   // a consumer runs in another phase
        int[] lastUse = new int[count];
        java.util.Arrays.fill(lastUse, -1);
        boolean[] startsGroup = new boolean[count];
        for (Node m : nodes) {
            for (int in : m.inputs()) {
                lastUse[in] = Math.max(lastUse[in], m.id());
                boolean samePhase = phase(m.reach()) == phase(nodes.get(in).reach());
                otherPhase[in] |= !samePhase;
                boolean otherColumn = false;   // of the same row
                if (m.op() == Op.CONV) {
                    int[] taps = ConvTaps.of(m);
                    for (int t = 0; t < taps.length; t += ConvTaps.STRIDE) {
                        back[in] = Math.max(back[in], -taps[t + ConvTaps.DY]);
                        elsewhere[in] |= taps[t + ConvTaps.DY] != 0 || taps[t + ConvTaps.DX] != 0;
                        otherColumn |= taps[t + ConvTaps.DY] == 0 && taps[t + ConvTaps.DX] != 0;
                    }
                } else if (m.op() == Op.SHIFT_DOWN) {
                    back[in] = Math.max(back[in], 1);
                    elsewhere[in] = true;
                } else if (m.op() == Op.SHIFT_RIGHT) {
                    elsewhere[in] = true;
                    otherColumn = true;
                }
                startsGroup[m.id()] |= samePhase && otherColumn && phase(m.reach()) != 1;
            }
        }
        // The head reads the output at the pixel it codes, before the pixel's samples: phase b.
        Node output = graph.output();
        otherPhase[output.id()] |= phase(output.reach()) != phase(Reach.BEFORE);
        lastUse[output.id()] = count;

        int[] rows = new int[count];
        int[] buffer = new int[count];
        List<int[]> buffers = new ArrayList<>();   // {rows, channels}
        // By phase, one entry per pooled row: {buffer, its node's last consumer, that node's
        // channels, 1 if it is read at other columns, 1 once a group has started after the last consumer}
        List<List<int[]>> pooledRows = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Node n : nodes) {
            int id = n.id();
            int phase = phase(n.reach());
            if (startsGroup[id]) {
                for (int[] row : pooledRows.get(phase)) {
                    if (row[1] < id) {
                        row[4] = 1;
                    }
                }
            }
            if (phase == 1 && !elsewhere[id] && !otherPhase[id]) {
                rows[id] = 0;
                buffer[id] = buffers.size();
                buffers.add(new int[] {0, n.channels()});
            } else if (phase != 1 && back[id] == 0 && !otherPhase[id]) {
                rows[id] = 1;
                buffer[id] = pooled(n, lastUse[id], elsewhere[id], buffers, pooledRows.get(phase));
            } else {
                rows[id] = 1 + back[id];
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
        return new ActivationPlan(rows, buffer, startsGroup, upperTaps, channels, bufferRows, bufferChannels);
    }

    /**
     * A row for whole-row node n. A pooled row is free for n once its node's last consumer comes
     * before n (every consumer is in n's phase, which runs in node order) and the threads of a
     * group cannot still be using it at other columns: a group has started since, or its node
     * is read only at its own columns and has n's channels, so that each column of both lies
     * at the same place in the row. Takes the free row of the fewest channels that holds n, else
     * the widest free one (widened), else a new one.
     */
    private static int pooled(Node n, int lastUse, boolean readElsewhere, List<int[]> buffers, List<int[]> rows) {
        int[] best = null;
        for (int[] row : rows) {
            boolean free = row[1] < n.id() && (row[4] == 1 || row[3] == 0 && row[2] == n.channels());
            if (!free) {
                continue;
            }
            if (best == null) {
                best = row;
                continue;
            }
            int channels = buffers.get(row[0])[1];
            int bestChannels = buffers.get(best[0])[1];
            boolean fits = channels >= n.channels();
            boolean bestFits = bestChannels >= n.channels();
            if (fits && (!bestFits || channels < bestChannels) || !fits && !bestFits && channels > bestChannels) {
                best = row;
            }
        }
        int id;
        if (best != null) {
            id = best[0];
            int[] b = buffers.get(id);
            b[1] = Math.max(b[1], n.channels());
            rows.remove(best);
        } else {
            id = buffers.size();
            buffers.add(new int[] {1, n.channels()});
        }
        rows.add(new int[] {id, lastUse, n.channels(), readElsewhere ? 1 : 0, 0});
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

    /**
     * Whether a whole-row node reads another column of the same row of a node of its own pass:
     * then every column of the nodes before it in the pass must be finished before it runs.
     */
    boolean startsGroup(int node) {
        return startsGroup[node];
    }

    int buffers() {
        return bufferRows.length;
    }

    /**
     * For a convolution computed pixel by pixel, how many of its first taps (ConvTaps order) lie
     * on rows above, which phase a sums into the node's upper row; 0 for other nodes.
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
            floats += upperTaps[n] > 0 ? (long) width * channels[n] : 0;
        }
        return 4 * floats;
    }
}
