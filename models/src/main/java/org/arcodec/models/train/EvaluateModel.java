package org.arcodec.models.train;

import org.arcodec.internal.weights.NetworkLoader;
import org.arcodec.internal.weights.WeightFile;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;
import org.arcodec.models.data.FashionMnist;
import org.arcodec.models.data.IdxImages;
import org.arcodec.models.made.MadeMasks;
import org.arcodec.models.made.MadeSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures a trained MADE, NADE or convolutional ({@code arch=conv}) weight file's negative
 * log-likelihood on Fashion-MNIST, in bits per dimension: with ND4J (SameDiff, float32) and, with
 * {@code --codec}, with the codec's own inference (double precision) through
 * {@link QuantizedCdf#idealBits} and {@link QuantizedCdf#quantizedBits}, so that the two can be
 * compared. Not a test: it reads the
 * whole split (the test split by default, the benchmark; never used for tuning).
 *
 * <pre>
 * ./mvnw -q -pl models -am process-classes -Ptrain -Dexec.mainClass=org.arcodec.models.train.EvaluateModel \
 *   -Dexec.args="--model models/src/main/resources/org/arcodec/models/made-fmnist.arcm --codec"
 * </pre>
 */
public final class EvaluateModel {
    private EvaluateModel() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of("models/src/main/resources/org/arcodec/models/made-fmnist.arcm");
        String split = "test";
        int limit = 0;
        boolean codec = false;
        Path data = FashionMnist.DEFAULT_DIR;
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--model" -> model = Path.of(args[++k]);
                case "--split" -> split = args[++k];
                case "--limit" -> limit = Integer.parseInt(args[++k]);
                case "--codec" -> codec = true;
                case "--data" -> data = Path.of(args[++k]);
                default -> throw new IllegalArgumentException("options: --model FILE.arcm --split test|validation"
                        + " --limit N --codec --data DIR");
            }
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        IdxImages images = switch (split) {
            case "test" -> FashionMnist.test(data);
            case "validation" -> FashionMnist.validation(data);
            default -> throw new IllegalArgumentException("split must be test or validation");
        };
        Batches batches = new Batches(images, limit);
        WeightFile file = WeightFile.read(model);
        TrainingLoop.log("%s: %s (%s), %d %s images", model, file.meta("name"), file.meta("description", "?"),
                batches.count(), split);
        long start = System.nanoTime();
        int width;
        int height;
        double nd4j;
        if (ConvNetGraph.ARCH.equals(file.meta("arch"))) {
            width = FashionMnist.SIDE;
            height = FashionMnist.SIDE;
            nd4j = TrainConv.bitsPerDim(ConvNetGraph.fromWeightFile(file, height, width), batches);
        } else if ("nade".equals(file.meta("arch"))) {
            NadeGraph graph = NadeGraph.fromWeightFile(file);
            width = graph.width;
            height = graph.height;
            nd4j = TrainNade.bitsPerDim(graph, batches);
        } else {
            MadeParameters.Loaded loaded = MadeParameters.fromWeightFile(file);
            MadeSpec spec = loaded.spec();
            width = spec.width();
            height = spec.height();
            MadeGraph graph = MadeGraph.withWeights(spec, loaded.weights());
            List<INDArray[]> masks = new ArrayList<>();
            for (MadeMasks m : loaded.masks()) {
                masks.add(MadeGraph.maskArrays(spec, m));
            }
            if (MadeGraph.bakedMasks(spec)) {
                graph.applyMasks(masks.get(0));
            }
            nd4j = MadeEvaluation.bitsPerDim(graph, masks, batches);
        }
        TrainingLoop.log("ND4J (float32):          %.4f bpd  (%.1f s)", nd4j, (System.nanoTime() - start) / 1e9);

        if (codec) {
            start = System.nanoTime();
            AutoregressiveModel coded = NetworkLoader.load(file);
            SampleLayout layout = new SampleLayout(width, height, 1, 256);
            QuantizedCdf cdf = new QuantizedCdf();
            int d = batches.imageSize();
            byte[] samples = new byte[d];
            double[] bits = new double[2];
            for (int image = 0; image < batches.count(); image++) {
                for (int i = 0; i < d; i++) {
                    samples[i] = (byte) batches.value(image, i);
                }
                ConditionalStream stream = coded.open(layout);
                stream.forEachConditional(samples, cdf, (index, table) -> {
                    int value = samples[index] & 0xFF;
                    bits[0] += table.idealBits(value);
                    bits[1] += table.quantizedBits(value);
                });
            }
            double dims = (double) batches.count() * d;
            TrainingLoop.log("codec ideal (double):    %.4f bpd  (%.1f s; differs from ND4J by %+.4f)", bits[0] / dims,
                    (System.nanoTime() - start) / 1e9, bits[0] / dims - nd4j);
            TrainingLoop.log("codec quantised tables:  %.4f bpd", bits[1] / dims);
        }
        System.out.println(String.format(Locale.ROOT, "bpd=%.4f", nd4j));
    }
}
