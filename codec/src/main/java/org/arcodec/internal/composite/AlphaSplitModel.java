package org.arcodec.internal.composite;

import org.arcodec.internal.histogram.AdaptiveHistogramModel;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Codes an image with alpha (gray+alpha, RGBA) as two planes: first every alpha sample, in
 * raster order, with the adaptive histogram; then the colour samples with a model of the colour
 * channels alone ({@code colour}: a gray or an RGB model), in that model's own order. Alpha comes
 * first so that the colour model sees exactly the image it was trained on, whatever the alpha.
 * Named {@code <colour>+alpha}; its digest is the SHA-256 of a tag and the two models' digests.
 */
public final class AlphaSplitModel implements AutoregressiveModel {
    public static final String SUFFIX = "+alpha";

    private final AutoregressiveModel colour;
    private final AutoregressiveModel alpha = new AdaptiveHistogramModel();
    private final byte[] sha256;

    public AlphaSplitModel(AutoregressiveModel colour) {
        this.colour = colour;
        this.sha256 = digest(colour.weightsSha256(), alpha.weightsSha256());
    }

    @Override
    public String name() {
        return colour.name() + SUFFIX;
    }

    @Override
    public byte[] weightsSha256() {
        return sha256.clone();
    }

    @Override
    public String unsupportedReason(SampleLayout layout) {
        if (layout.channels() != 2 && layout.channels() != 4) {
            return "it codes gray+alpha or RGBA images, not " + layout.channels() + " channel(s)";
        }
        String reason = colour.unsupportedReason(colourLayout(layout));
        return reason == null ? null : "its colour model '" + colour.name() + "' cannot: " + reason;
    }

    @Override
    public ConditionalStream open(SampleLayout layout) {
        return open(layout, 0);
    }

    /** The colour model's variants; the alpha plane is coded the same in each. */
    @Override
    public int variants() {
        return colour.variants();
    }

    @Override
    public ConditionalStream open(SampleLayout layout, int variant) {
        String reason = unsupportedReason(layout);
        if (reason != null) {
            throw new IllegalArgumentException(name() + ": " + reason);
        }
        if (variant < 0 || variant >= variants()) {
            throw new IllegalArgumentException(name() + " has variants 0 to " + (variants() - 1) + ", not " + variant);
        }
        return new Stream(layout, variant);
    }

    private static SampleLayout colourLayout(SampleLayout layout) {
        return new SampleLayout(layout.width(), layout.height(), layout.channels() - 1, layout.alphabetSize());
    }

    private static SampleLayout alphaLayout(SampleLayout layout) {
        return new SampleLayout(layout.width(), layout.height(), 1, layout.alphabetSize());
    }

    /** Alpha plane first, then the colour planes; indices mapped back to the interleaved samples. */
    private final class Stream implements ConditionalStream {
        private final int channels;
        private final long pixels;
        private final ConditionalStream alphaStream;
        private final SampleLayout colourLayout;
        private final int variant;
        private ConditionalStream colourStream;
        private long alphaCoded;

        Stream(SampleLayout layout, int variant) {
            this.variant = variant;
            this.channels = layout.channels();
            this.pixels = (long) layout.width() * layout.height();
            this.alphaStream = alpha.open(alphaLayout(layout));
            this.colourLayout = colourLayout(layout);
        }

        @Override
        public int next(QuantizedCdf cdf) {
            if (alphaCoded < pixels) {
                return alphaStream.next(cdf) * channels + channels - 1;
            }
            if (colourStream == null) {
                colourStream = colour.open(colourLayout, variant);
            }
            int index = colourStream.next(cdf);
            int colourChannels = channels - 1;
            return index / colourChannels * channels + index % colourChannels;
        }

        @Override
        public void observe(int value) {
            if (alphaCoded < pixels) {
                alphaStream.observe(value);
                alphaCoded++;
            } else {
                colourStream.observe(value);
            }
        }

        /** Each plane through its own model's batch path, so a model's faster encoder is kept. */
        @Override
        public void forEachConditional(byte[] samples, QuantizedCdf cdf, Step step) {
            forEachConditional(samples, new QuantizedCdf[] {cdf}, (index, cdfs) -> step.accept(index, cdfs[0]));
        }

        /** The alpha plane's conditional is every variant's; the colour planes' come from the colour model. */
        @Override
        public void forEachConditional(byte[] samples, QuantizedCdf[] cdfs, VariantStep step) {
            if (variant != 0 && cdfs.length > 1) {
                throw new UnsupportedOperationException("only a stream of variant 0 computes every variant");
            }
            int colourChannels = channels - 1;
            byte[] alphaPlane = new byte[(int) pixels];
            byte[] colourPlanes = new byte[(int) pixels * colourChannels];
            for (int p = 0; p < pixels; p++) {
                System.arraycopy(samples, p * channels, colourPlanes, p * colourChannels, colourChannels);
                alphaPlane[p] = samples[p * channels + colourChannels];
            }
            QuantizedCdf[] alphaCdfs = new QuantizedCdf[cdfs.length];
            alphaStream.forEachConditional(alphaPlane, cdfs[0], (index, table) -> {
                Arrays.fill(alphaCdfs, table);
                step.accept(index * channels + colourChannels, alphaCdfs);
            });
            alphaCoded = pixels;
            colourStream = colour.open(colourLayout, variant);
            colourStream.forEachConditional(colourPlanes, cdfs,
                    (index, all) -> step.accept(index / colourChannels * channels + index % colourChannels, all));
        }
    }

    private static byte[] digest(byte[] colourSha, byte[] alphaSha) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("arcodec alpha split v1: alpha plane by the histogram, then colour".getBytes(StandardCharsets.US_ASCII));
            sha.update(colourSha);
            sha.update(alphaSha);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("SHA-256 is in every JDK", e);
        }
    }
}
