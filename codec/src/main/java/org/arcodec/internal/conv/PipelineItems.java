package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.conv.ConvGraph.Reach;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The items of a {@link RowPipeline} preparing row y + 1, in the order it sweeps them: the ROW
 * nodes (at row y), the ROWS_ABOVE nodes (at row y + 1), then the upper rows (row y + 1) of the
 * per-pixel convolutions that have taps on rows above ({@link ActivationPlan#upperTaps}).
 *
 * @param nodes     by item, its node
 * @param upperRows the items from this index on are upper rows
 * @param rowOffset by item, its row: 0 for row y, 1 for row y + 1
 * @param reads     by item, {@link RowPipeline#READ_STRIDE} ints per read of a row that the
 *                  preparation or row y's pixels are still filling: per-pixel nodes at row y, or
 *                  items at their own row; each with the largest dx it reads there
 */
record PipelineItems(int[] nodes, int upperRows, int[] rowOffset, int[][] reads) {

    static PipelineItems of(ConvGraph graph, ActivationPlan plan) {
        List<Node> all = graph.nodes();
        List<Node> items = new ArrayList<>();
        all.stream().filter(n -> n.reach() == Reach.ROW).forEach(items::add);
        all.stream().filter(n -> n.reach() == Reach.ROWS_ABOVE).forEach(items::add);
        int upperRows = items.size();
        all.stream().filter(n -> plan.upperTaps(n.id()) > 0).forEach(items::add);

        int[] itemOf = new int[all.size()];
        Arrays.fill(itemOf, -1);
        int[] nodes = new int[items.size()];
        int[] rowOffset = new int[items.size()];
        for (int i = 0; i < items.size(); i++) {
            Node n = items.get(i);
            nodes[i] = n.id();
            rowOffset[i] = n.reach() == Reach.ROW ? 0 : 1;
            if (i < upperRows) {
                itemOf[n.id()] = i;
            }
        }
        int[][] reads = new int[items.size()][];
        for (int i = 0; i < items.size(); i++) {
            int taps = i < upperRows ? Integer.MAX_VALUE : plan.upperTaps(nodes[i]);
            reads[i] = reads(all, items.get(i), rowOffset[i], taps, itemOf);
        }
        return new PipelineItems(nodes, upperRows, rowOffset, reads);
    }

    /** Node n's reads (of a convolution, its first {@code taps} taps only) that set a limit. */
    private static int[] reads(List<Node> all, Node n, int rowOffset, int taps, int[] itemOf) {
        List<int[]> reads = new ArrayList<>();   // {input, dy, dx}
        if (n.op() == Op.CONV) {
            int[] t = ConvTaps.of(n);
            for (int k = 0; k < Math.min(taps, t.length / ConvTaps.STRIDE); k++) {
                reads.add(new int[] {n.inputs()[0], t[k * ConvTaps.STRIDE + ConvTaps.DY], t[k * ConvTaps.STRIDE + ConvTaps.DX]});
            }
        } else {
            for (int in : n.inputs()) {
                reads.add(new int[] {in, n.op() == Op.SHIFT_DOWN ? -1 : 0, n.op() == Op.SHIFT_RIGHT ? -1 : 0});
            }
        }
        Integer pixelLead = null;
        Map<Integer, Integer> itemLeads = new LinkedHashMap<>();
        for (int[] read : reads) {
            Reach reach = all.get(read[0]).reach();
            int row = rowOffset + read[1];   // relative to y
            if ((reach == Reach.BEFORE || reach == Reach.UP_TO) && row == 0) {
                pixelLead = pixelLead == null ? read[2] : Math.max(pixelLead, read[2]);
            } else if (reach == Reach.ROW && row == 0 || reach == Reach.ROWS_ABOVE && row == 1) {
                itemLeads.merge(itemOf[read[0]], read[2], Math::max);
            }
            // Anything else is in a finished row.
        }
        int[] flat = new int[RowPipeline.READ_STRIDE * (itemLeads.size() + (pixelLead == null ? 0 : 1))];
        int at = 0;
        if (pixelLead != null) {
            flat[at++] = RowPipeline.CODED_PIXELS;
            flat[at++] = 0;
            flat[at++] = pixelLead;
        }
        for (Map.Entry<Integer, Integer> e : itemLeads.entrySet()) {
            flat[at++] = RowPipeline.ITEM;
            flat[at++] = e.getKey();
            flat[at++] = e.getValue();
        }
        return flat;
    }
}
