package org.arcodec.models.train;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WeightAverageTest {
    @BeforeAll
    static void floats() {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    }

    private static SameDiff graph(float... w) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, w.length);
        SDVariable weights = sd.var("w", Nd4j.create(w, new long[] {1, w.length}, 'c'));
        x.mul(weights).sum();
        return sd;
    }

    private static float[] weights(SameDiff sd) {
        return sd.getVariable("w").getArr().dup('c').data().asFloat();
    }

    private static void set(SameDiff sd, float... w) {
        sd.getVariable("w").getArr().assign(Nd4j.create(w, new long[] {1, w.length}, 'c'));
    }

    @Test
    void averagesEveryStepAndSwapsBothWays() {
        SameDiff sd = graph(1f, 2f);
        WeightAverage average = WeightAverage.of(sd, 0.75);
        set(sd, 5f, 6f);
        average.update(sd);   // 0.75 * (1, 2) + 0.25 * (5, 6) = (2, 3)
        set(sd, 10f, 7f);
        average.update(sd);   // 0.75 * (2, 3) + 0.25 * (10, 7) = (4, 4)
        average.swap(sd);
        assertArrayEquals(new float[] {4f, 4f}, weights(sd), 1e-6f);
        average.swap(sd);
        assertArrayEquals(new float[] {10f, 7f}, weights(sd), 0f);
    }

    @Test
    void aWrittenAverageReadsBackForTheSameGraphOnly(@TempDir Path dir) throws IOException {
        SameDiff sd = graph(1f, 2f);
        WeightAverage average = WeightAverage.of(sd, 0.5);
        set(sd, 3f, 4f);
        average.update(sd);   // (2, 3)
        Path file = dir.resolve("average.bin");
        average.write(file);

        WeightAverage read = WeightAverage.read(file, sd, 0.5);
        read.swap(sd);
        assertArrayEquals(new float[] {2f, 3f}, weights(sd), 0f);
        assertThrows(IOException.class, () -> WeightAverage.read(file, graph(1f, 2f, 3f), 0.5));
    }
}
