package org.arcodec.models.train;

import org.arcodec.internal.conv.ConvArchitecture;
import org.arcodec.internal.conv.ConvGraph.Node;
import org.arcodec.internal.conv.ConvGraph.Op;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A few optimiser steps of a small PixelCNN, and the trainer's options. */
class ConvTrainingTest {
    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    /** 8x8 images with a bright square on a dark, slightly noisy background. */
    private static INDArray squares(int count, Random random) {
        int side = 8;
        float[] x = new float[count * side * side];
        for (int b = 0; b < count; b++) {
            int y0 = random.nextInt(4);
            int x0 = random.nextInt(4);
            for (int y = 0; y < side; y++) {
                for (int c = 0; c < side; c++) {
                    boolean inside = y >= y0 && y < y0 + 4 && c >= x0 && c < x0 + 4;
                    int v = inside ? 200 + random.nextInt(20) : random.nextInt(8);
                    x[(b * side + y) * side + c] = v / 127.5f - 1f;
                }
            }
        }
        return Nd4j.create(x, new long[] {count, side, side, 1}, 'c');
    }

    /** The loss falls, and masked kernel entries stay exactly 0 (their gradient is 0). */
    @Test
    void trainingLowersTheLossAndKeepsMaskedEntriesZero() {
        ConvNetGraph g = ConvNetGraph.create(ConvArchitecture.PIXELCNN, 1, 8, 1, 2, 8, 8, 7, null);
        SameDiff sd = g.sameDiff();
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(1e-2))
                .dataSetFeatureMapping(ConvNetGraph.INPUT).markLabelsUnused().build());
        Random random = new Random(5);
        INDArray validation = squares(16, random);
        double before = -g.imageLogProb(validation).meanNumber().doubleValue();
        for (int step = 0; step < 30; step++) {
            sd.fit(new MultiDataSet(new INDArray[] {squares(16, random)}, new INDArray[0]));
        }
        double after = -g.imageLogProb(validation).meanNumber().doubleValue();
        assertTrue(after < 0.8 * before, "loss " + before + " -> " + after + " nats per image");
        for (Node n : g.graph.nodes()) {
            if (n.op() == Op.CONV && ConvNetGraph.masked(n.kind())) {
                float[] w = g.sameDiff().getVariable(n.weightName()).getArr().dup('c').data().asFloat();
                int perEntry = w.length / (n.fh() * n.fw());
                for (int k = 0; k < w.length; k++) {
                    int e = k / perEntry;
                    if (!n.kind().uses(n.fh(), n.fw(), e / n.fw(), e % n.fw())) {
                        assertEquals(0f, w[k], 0f, n.weightName() + " masked entry " + k + " moved");
                    }
                }
            }
        }
    }

    @Test
    void optionsNameTheRunAfterTheGraph() {
        TrainOptions o = TrainOptions.parse(TrainConv.class, null, new int[0], new String[] {"--graph",
                "gated_pixelcnn", "--features", "24", "--depth", "3", "--output", "logistic_mixture:4", "--resume"});
        assertEquals(ConvArchitecture.GATED_PIXELCNN, o.graph);
        assertEquals(24, o.features);
        assertEquals(3, o.depth);
        assertEquals(4, o.mixture);
        assertEquals("gated-pixelcnn-fmnist", o.name);
        assertEquals("gated-pixelcnn-fmnist", o.run);
        assertEquals("scripts/train.sh TrainConv --graph gated_pixelcnn --features 24 --depth 3"
                + " --output logistic_mixture:4", o.command);
        assertEquals(0, TrainOptions.parse(TrainConv.class, null, new int[0],
                new String[] {"--graph", "pixelcnn", "--output", "softmax"}).mixture);
        assertThrows(IllegalArgumentException.class, () -> TrainOptions.parse(TrainConv.class, null, new int[0],
                new String[] {"--output", "logistic"}));
    }
}
