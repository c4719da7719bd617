package org.arcodec.internal.conv;

import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.arcodec.internal.conv.ConvGraph.Reach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The groups of a whole-row pass against the plan's buffers. A race between the threads of a
 * row pass would show in the thread-count tests only by chance; this checks the plan itself, on
 * the test networks and the shipped architectures.
 */
class ActivationPlanTest {
    static Stream<ConvGraph> graphs() {
        Stream<ConvGraph> tests = ConvModelTest.specs().stream().map(RandomConvNetworks.Spec::network);
        Stream<ConvGraph> shipped = Stream.of(
                ConvArchitecture.fromLabel("pixelcnn_pp").graph(3, 32, 2, 50),
                ConvArchitecture.fromLabel("pixelcnn_pp").graph(1, 32, 2, 15),
                ConvArchitecture.fromLabel("pixelcnn_pp").graph(3, 64, 5, 100),
                ConvArchitecture.fromLabel("gated_pixelcnn").graph(1, 32, 5, 256));
        return Stream.concat(tests, shipped);
    }

    /**
     * Threads run a group's column ranges at once, each range's nodes in order. Two nodes that
     * share a pooled row while a group runs (both in it, or one read by it) must then keep each
     * column at the same place in the row (equal channels), and no node of the group may read
     * either at other columns.
     */
    @ParameterizedTest
    @MethodSource("graphs")
    void nodesSharingARowWhileAGroupRunsKeepTheirColumnsApart(ConvGraph graph) {
        ActivationPlan plan = ActivationPlan.of(graph);
        List<Node> nodes = graph.nodes();
        for (Reach pass : new Reach[] {Reach.ROWS_ABOVE, Reach.ROW}) {
            for (List<Node> group : groups(nodes, pass, plan)) {
                java.util.Set<Node> live = new java.util.LinkedHashSet<>(group);
                java.util.Set<Integer> readAtOtherColumns = new java.util.HashSet<>();
                for (Node r : group) {
                    for (int in : r.inputs()) {
                        if (nodes.get(in).reach() == pass) {
                            live.add(nodes.get(in));
                            if (readsOtherColumns(r)) {
                                readAtOtherColumns.add(in);
                            }
                        }
                    }
                }
                for (Node a : live) {
                    for (Node b : live) {
                        if (a.id() >= b.id() || plan.rows(a.id()) != 1 || plan.buffer(a.id()) != plan.buffer(b.id())
                                || !group.contains(a) && !group.contains(b)) {
                            continue;
                        }
                        String pair = "nodes " + a.id() + " and " + b.id() + " share a row in the group of node "
                                + group.get(0).id();
                        assertEquals(a.channels(), b.channels(), pair + " with other channels");
                        assertFalse(readAtOtherColumns.contains(a.id()) || readAtOtherColumns.contains(b.id()),
                                pair + ", which reads one at other columns");
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("graphs")
    void groupsStartExactlyWhereANodeReadsAnotherColumnOfItsOwnPass(ConvGraph graph) {
        ActivationPlan plan = ActivationPlan.of(graph);
        List<Node> nodes = graph.nodes();
        for (Node n : nodes) {
            boolean expected = n.reach() != Reach.BEFORE && n.reach() != Reach.UP_TO && readsOtherColumns(n)
                    && java.util.Arrays.stream(n.inputs()).anyMatch(in -> nodes.get(in).reach() == n.reach());
            assertEquals(expected, plan.startsGroup(n.id()), "node " + n.id() + " " + n.op());
        }
    }

    @ParameterizedTest
    @MethodSource("graphs")
    void passesFusePointwiseNodesIntoGroups(ConvGraph graph) {
        ActivationPlan plan = ActivationPlan.of(graph);
        List<Node> rowsAbove = graph.nodes().stream().filter(n -> n.reach() == Reach.ROWS_ABOVE).toList();
        if (rowsAbove.size() > 1 && rowsAbove.stream().anyMatch(n -> n.op() != Op.CONV)) {
            assertTrue(groups(graph.nodes(), Reach.ROWS_ABOVE, plan).size() < rowsAbove.size());
        }
    }

    /** A conv with a tap on its own row at another column, or a shift right. */
    private static boolean readsOtherColumns(Node n) {
        if (n.op() == Op.SHIFT_RIGHT) {
            return true;
        }
        if (n.op() != Op.CONV) {
            return false;
        }
        int[] taps = ConvTaps.of(n);
        for (int t = 0; t < taps.length; t += ConvTaps.STRIDE) {
            if (taps[t + ConvTaps.DY] == 0 && taps[t + ConvTaps.DX] != 0) {
                return true;
            }
        }
        return false;
    }

    private static List<List<Node>> groups(List<Node> nodes, Reach pass, ActivationPlan plan) {
        List<List<Node>> groups = new ArrayList<>();
        for (Node n : nodes) {
            if (n.reach() != pass) {
                continue;
            }
            if (groups.isEmpty() || plan.startsGroup(n.id())) {
                groups.add(new ArrayList<>());
            }
            groups.get(groups.size() - 1).add(n);
        }
        return groups;
    }
}
