package org.arcodec.internal.format;

import org.arcodec.ArcodecException;
import org.arcodec.Compressed;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.internal.coder.RangeEncoder;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.BitSet;
import java.util.List;
import java.util.zip.CRC32C;

/** Codes an image with a model into an {@code .arc} stream: header, payload, pixel checksum. */
public final class ArcWriter {
    private ArcWriter() {
    }

    public static Compressed write(RasterImage image, AutoregressiveModel model, ProgressListener progress) {
        return writeSmallest(image, List.of(model), progress);
    }

    /**
     * Codes the image with each model in turn and keeps the smallest file, the first of equal
     * sizes. A model after the first stops at the end of a row of samples where its ideal code
     * length is far behind (the variants' rule, {@link CodeLengthTrace}) that of the smallest
     * file so far after the same row, and its file is not made. Progress runs over all the
     * models; a stopped model's share is reported done.
     */
    public static Compressed writeSmallest(RasterImage image, List<AutoregressiveModel> models,
                                           ProgressListener progress) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("no model to compress with");
        }
        if (image.width() > ContainerHeader.MAX_DIMENSION || image.height() > ContainerHeader.MAX_DIMENSION
                || (long) image.samples().length > ContainerHeader.MAX_SAMPLES) {
            throw new ArcodecException("a " + image.width() + "x" + image.height() + " image is beyond what an .arc file holds"
                    + " (width and height up to " + ContainerHeader.MAX_DIMENSION + ", at most "
                    + ContainerHeader.MAX_SAMPLES + " samples)");
        }
        PixelBlocks blocks = PixelBlocks.detect(image.samples(), image.width(), image.height(), image.channels());
        long count = models.size();
        long[] reported = {-1};
        Coded smallest = null;
        for (int i = 0; i < models.size(); i++) {
            long before = i;
            ProgressListener share = (done, total) -> {
                long at = before * total + done;
                if (at > reported[0]) {
                    reported[0] = at;
                    progress.progress(at, count * total);
                }
            };
            boolean traced = i + 1 < models.size();   // a later model is held against this one
            Coded coded = code(image, blocks, models.get(i), smallest == null ? null : smallest.trace(), traced, share);
            if (coded != null && (smallest == null || coded.file().length < smallest.file().length)) {
                smallest = coded;
            }
        }
        return new Compressed(smallest.file(), smallest.idealBits(), image.samples().length);
    }

    /** One model's file, its ideal code length, and the trace a later model is held against. */
    private record Coded(byte[] file, double idealBits, CodeLengthTrace trace) {
    }

    /** Thrown out of the model's pass to stop a model that is far behind. */
    private static final class FarBehind extends RuntimeException {
        static final FarBehind INSTANCE = new FarBehind();

        private FarBehind() {
            super(null, null, false, false);
        }
    }

    /**
     * Codes the image with one model, in {@code blocks} where the model can code their layout;
     * null when it fell far behind {@code rival}. The trace it returns holds the sets of samples
     * coded only when {@code traced}: that hash costs a little per sample.
     */
    private static Coded code(RasterImage image, PixelBlocks detected, AutoregressiveModel model,
                              CodeLengthTrace rival, boolean traced, ProgressListener progress) {
        String name = model.name();
        if (!ContainerHeader.isValidModelName(name)) {
            throw new IllegalArgumentException("model name '" + name + "' cannot be stored: use 1 to "
                    + ContainerHeader.MAX_MODEL_NAME_BYTES + " printable ASCII characters");
        }
        byte[] samples = image.samples();
        PixelBlocks blocks = detected;
        SampleLayout layout = new SampleLayout(blocks.codedWidth(image.width()), blocks.codedHeight(image.height()),
                image.channels(), image.alphabetSize());
        if (!blocks.isNone() && model.unsupportedReason(layout) != null) {
            // A model of one image size (made-fmnist: 28x28) codes the whole image or nothing.
            blocks = PixelBlocks.NONE;
            layout = new SampleLayout(image.width(), image.height(), image.channels(), image.alphabetSize());
        }
        String unsupported = model.unsupportedReason(layout);
        if (unsupported != null) {
            throw new ArcodecException("model '" + name + "' cannot code this " + image + " image: " + unsupported);
        }
        byte[] codedSamples = blocks.isNone() ? samples : blocks.shrink(samples, image.width(), image.height(),
                image.channels());
        // Every variant of the model codes the samples from one pass of the model; those that fall
        // behind are dropped on the way (VariantRace), and the shortest of the rest is kept.
        int variants = Math.min(model.variants(), ContainerHeader.MAX_VARIANTS);
        PayloadEncoder[] payloads = new PayloadEncoder[variants];
        QuantizedCdf[] cdfs = new QuantizedCdf[variants];
        for (int v = 0; v < variants; v++) {
            payloads[v] = new PayloadEncoder(codedSamples, layout);
            cdfs[v] = new QuantizedCdf();
        }
        SampleVisits visits = new SampleVisits(codedSamples.length);
        int samplesPerRow = layout.width() * layout.channels();
        VariantRace race = new VariantRace(variants, samplesPerRow, v -> payloads[v].idealBits);
        CodeLengthTrace trace = new CodeLengthTrace(layout.height(), samplesPerRow);
        CodeLengthTrace against = rival != null && rival.sameShape(trace) ? rival : null;
        long[] sampleSet = {0};
        try {
            model.open(layout).forEachConditional(codedSamples, cdfs, (index, all) -> {
                visits.visit(index);
                for (int v = 0; v < variants; v++) {
                    if (race.running(v)) {
                        payloads[v].accept(index, all[v]);
                    }
                }
                if (traced || against != null) {
                    sampleSet[0] = CodeLengthTrace.addSample(sampleSet[0], index);
                }
                if (race.sampleDone(all)) {
                    for (int v = 0; v < variants; v++) {
                        if (!race.running(v)) {
                            payloads[v] = null;   // its bytes are never used: let them go
                        }
                    }
                    progress.progress(race.samples(), codedSamples.length);
                    trace.record(race.rows(), sampleSet[0], race.leaderBits());
                    if (against != null && against.farAhead(race.rows(), sampleSet[0], race.leaderBits())) {
                        throw FarBehind.INSTANCE;
                    }
                }
            });
        } catch (FarBehind stopped) {
            progress.progress(codedSamples.length, codedSamples.length);
            return null;
        }
        visits.checkAllVisited(name);
        int variant = -1;
        byte[] coded = null;
        for (int v = 0; v < variants; v++) {
            if (race.running(v)) {
                byte[] candidate = payloads[v].finish();
                if (coded == null || candidate.length < coded.length) {
                    coded = candidate;
                    variant = v;
                }
            }
        }
        PayloadEncoder payload = payloads[variant];

        byte[] header = ContainerHeader.encode(image.width(), image.height(), blocks, variant, image.colorType(),
                image.bitDepth(), image.palette(), name, model.weightsSha256(), coded.length);
        CRC32C pixelCrc = new CRC32C();
        pixelCrc.update(samples);
        byte[] file = new byte[header.length + coded.length + ContainerHeader.CRC_BYTES];
        System.arraycopy(header, 0, file, 0, header.length);
        System.arraycopy(coded, 0, file, header.length, coded.length);
        putU32(file, header.length + coded.length, pixelCrc.getValue());
        return new Coded(file, payload.idealBits, trace);
    }

    static void putU32(byte[] out, int offset, long value) {
        for (int i = 0; i < 4; i++) {
            out[offset + i] = (byte) (value >>> (24 - 8 * i));
        }
    }

    /** Checks that the model visits every sample exactly once. */
    private static final class SampleVisits {
        private final int samples;
        private final BitSet visited;
        private long count;

        SampleVisits(int samples) {
            this.samples = samples;
            this.visited = new BitSet(samples);
        }

        void visit(int sampleIndex) {
            if (sampleIndex < 0 || sampleIndex >= samples || visited.get(sampleIndex)) {
                throw new IllegalStateException("model asked for sample " + sampleIndex
                        + (sampleIndex >= 0 && sampleIndex < samples ? " twice" : ", outside the image"));
            }
            visited.set(sampleIndex);
            count++;
        }

        void checkAllVisited(String modelName) {
            if (count != samples) {
                throw new IllegalStateException("model '" + modelName + "' gave " + count + " conditionals for "
                        + samples + " samples");
            }
        }
    }

    /**
     * Codes each sample with the conditional the model gave it, in the order given ({@link
     * SampleVisits} checks the order), and checks the conditional's alphabet. Its buffer starts
     * at {@value #INITIAL_PAYLOAD_BYTES} bytes at most and grows: most variants stop early.
     */
    private static final class PayloadEncoder implements ConditionalStream.Step {
        static final int INITIAL_PAYLOAD_BYTES = 1 << 20;
        private final byte[] samples;
        private final int alphabet;
        private final RangeEncoder encoder;
        double idealBits;

        PayloadEncoder(byte[] samples, SampleLayout layout) {
            this.samples = samples;
            this.alphabet = layout.alphabetSize();
            this.encoder = new RangeEncoder(QuantizedCdf.PRECISION_BITS, Math.min(samples.length / 2, INITIAL_PAYLOAD_BYTES));
        }

        @Override
        public void accept(int sampleIndex, QuantizedCdf cdf) {
            if (cdf.alphabetSize() != alphabet) {
                throw new IllegalStateException("model gave a distribution over " + cdf.alphabetSize()
                        + " symbols for samples with " + alphabet + " values");
            }
            int symbol = samples[sampleIndex] & 0xFF;
            encoder.encode(cdf.cumulative(symbol), cdf.frequency(symbol));
            idealBits += cdf.idealBits(symbol);
        }

        byte[] finish() {
            return encoder.finish();
        }
    }
}
