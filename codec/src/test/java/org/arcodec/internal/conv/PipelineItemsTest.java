package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Reach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The items and reads {@link RowPipeline} sweeps, on the test networks and the shipped architectures. */
class PipelineItemsTest {
    static Stream<ConvGraph> graphs() {
        return Stream.concat(ConvModelTest.specs().stream().map(RandomConvNetworks.Spec::network), Stream.of(
                ConvArchitecture.fromLabel("pixelcnn_pp").graph(3, 32, 2, 50),
                ConvArchitecture.fromLabel("pixelcnn_pp").graph(1, 32, 2, 15),
                ConvArchitecture.fromLabel("gated_pixelcnn").graph(1, 32, 5, 256)));
    }

    /**
     * Every whole-row node and every upper row is an item once, ROW nodes first; an item reads
     * only items before it, so one sweep in order completes a preparation once row y is coded.
     */
    @ParameterizedTest
    @MethodSource("graphs")
    void itemsReadOnlyEarlierItems(ConvGraph graph) {
        ActivationPlan plan = ActivationPlan.of(graph);
        PipelineItems items = PipelineItems.of(graph, plan);
        long wholeRow = graph.nodes().stream().filter(n -> n.reach() == Reach.ROW || n.reach() == Reach.ROWS_ABOVE).count();
        long upper = graph.nodes().stream().filter(n -> plan.upperTaps(n.id()) > 0).count();
        assertEquals(wholeRow, items.upperRows());
        assertEquals(wholeRow + upper, items.nodes().length);
        boolean rowNodes = true;
        for (int i = 0; i < items.nodes().length; i++) {
            Reach reach = graph.nodes().get(items.nodes()[i]).reach();
            rowNodes &= reach == Reach.ROW;
            assertTrue(reach != Reach.ROW || rowNodes, "ROW nodes come first");
            assertEquals(reach == Reach.ROW ? 0 : 1, items.rowOffset()[i]);
            int[] reads = items.reads()[i];
            for (int k = 0; k < reads.length; k += RowPipeline.READ_STRIDE) {
                if (reads[k] == RowPipeline.ITEM) {
                    assertTrue(reads[k + 1] < i && reads[k + 1] < items.upperRows(), "item " + i + " reads item " + reads[k + 1]);
                } else {
                    assertEquals(RowPipeline.CODED_PIXELS, reads[k]);
                }
                assertTrue(Math.abs(reads[k + 2]) <= 3, "a lead of " + reads[k + 2]);
            }
        }
    }

    /** Upper rows read row y's pixels (or finished rows), never another item. */
    @ParameterizedTest
    @MethodSource("graphs")
    void upperRowsReadOnlyTheCodedPixels(ConvGraph graph) {
        PipelineItems items = PipelineItems.of(graph, ActivationPlan.of(graph));
        for (int i = items.upperRows(); i < items.nodes().length; i++) {
            int[] reads = items.reads()[i];
            for (int k = 0; k < reads.length; k += RowPipeline.READ_STRIDE) {
                assertEquals(RowPipeline.CODED_PIXELS, reads[k], "upper row " + i);
            }
        }
    }
}
