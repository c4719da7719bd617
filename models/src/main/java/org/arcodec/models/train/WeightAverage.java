package org.arcodec.models.train;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a graph's trainable weights (Polyak averaging, as PixelCNN++
 * evaluates and exports): after every optimiser step, {@code avg = decay * avg + (1 - decay) * w}.
 * The average starts at the weights it is created from. {@link #swap} exchanges the graph's
 * weights with the average, so that validation and export see the averaged weights while the
 * optimiser keeps its own; swapping twice restores both.
 */
final class WeightAverage {
    private final double decay;
    /** By variable name, in the graph's order. */
    private final Map<String, INDArray> average = new LinkedHashMap<>();

    private WeightAverage(double decay) {
        this.decay = decay;
    }

    /** An average starting at the graph's current weights. */
    static WeightAverage of(SameDiff sd, double decay) {
        WeightAverage a = new WeightAverage(decay);
        for (SDVariable v : weights(sd)) {
            a.average.put(v.name(), v.getArr().dup());
        }
        return a;
    }

    /** Folds the graph's current weights into the average. */
    void update(SameDiff sd) {
        for (SDVariable v : weights(sd)) {
            INDArray avg = average.get(v.name());
            avg.muli(decay).addi(v.getArr().mul(1 - decay));
        }
    }

    /** Exchanges the graph's weights with the average. */
    void swap(SameDiff sd) {
        for (SDVariable v : weights(sd)) {
            INDArray w = v.getArr();
            INDArray avg = average.get(v.name());
            INDArray kept = w.dup();
            w.assign(avg);
            avg.assign(kept);
        }
    }

    /** Writes the average atomically: its variable count, then each name and array. */
    void write(Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(average.size());
            for (Map.Entry<String, INDArray> e : average.entrySet()) {
                out.writeUTF(e.getKey());
                Nd4j.write(e.getValue(), out);
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads an average that {@link #write} wrote for this graph.
     *
     * @throws IOException when the file's variables or shapes are not the graph's
     */
    static WeightAverage read(Path file, SameDiff sd, double decay) throws IOException {
        WeightAverage a = new WeightAverage(decay);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            int count = in.readInt();
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                a.average.put(name, Nd4j.read(in));
            }
        }
        for (SDVariable v : weights(sd)) {
            INDArray avg = a.average.get(v.name());
            if (avg == null || !Arrays.equals(avg.shape(), v.getArr().shape())) {
                throw new IOException(file + " holds no average of the same shape for variable " + v.name());
            }
        }
        return a;
    }

    private static Iterable<SDVariable> weights(SameDiff sd) {
        return sd.variables().stream().filter(v -> v.getVariableType() == VariableType.VARIABLE).toList();
    }
}
