package org.arcodec.internal.format;

import org.arcodec.ArcInfo;
import org.arcodec.ArcodecException;
import org.arcodec.ColorType;
import org.arcodec.CorruptArcException;
import org.arcodec.ModelCatalog;
import org.arcodec.ProgressListener;
import org.arcodec.RasterImage;
import org.arcodec.internal.coder.RangeDecoder;
import org.arcodec.internal.conv.ConvModel;
import org.arcodec.model.AutoregressiveModel;
import org.arcodec.model.ConditionalStream;
import org.arcodec.model.QuantizedCdf;
import org.arcodec.model.SampleLayout;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

/** Decodes {@code .arc} streams, checking everything that can be checked before trusting them. */
public final class ArcReader {
    private ArcReader() {
    }

    public static ArcInfo inspect(byte[] arc) {
        return ContainerHeader.parse(arc).info(arc.length);
    }

    public static RasterImage read(byte[] arc, ModelCatalog models, ProgressListener progress) {
        ContainerHeader header = ContainerHeader.parse(arc);
        AutoregressiveModel model = resolveModel(header, models);
        if (header.version() == 1 && model instanceof ConvModel conv && conv.codesMixtureEdges()) {
            throw new ArcodecException("this file is in format version 1, in which model '" + model.name()
                    + "' coded with tables this arcodec no longer computes; decode it with an arcodec built from"
                    + " commit 46e0f32 or earlier");
        }
        PixelBlocks blocks = header.blocks();
        int channels = header.colorType().channels();
        SampleLayout layout = new SampleLayout(blocks.codedWidth(header.width()), blocks.codedHeight(header.height()),
                channels, header.alphabetSize());
        long samplesNeeded = header.samples() + (blocks.isNone() ? 0 : layout.samples());
        long memoryLeft = Runtime.getRuntime().maxMemory() - usedMemory();
        if (samplesNeeded > memoryLeft / 2) {
            throw new ArcodecException("decoding this " + header.width() + "x" + header.height() + " image needs about "
                    + (samplesNeeded * 2 >> 20) + " MiB of memory; allow the JVM more (e.g. JAVA_OPTS=-Xmx4g)");
        }
        String unsupported = model.unsupportedReason(layout);
        if (unsupported != null) {
            throw new ArcodecException("model '" + model.name() + "' cannot decode this image: " + unsupported);
        }
        if (header.variant() >= model.variants()) {
            throw new ArcodecException("this file was coded with variant " + header.variant() + " of model '"
                    + model.name() + "', which has " + model.variants() + (model.variants() == 1 ? " variant" : " variants"));
        }
        byte[] coded = decodePayload(arc, header, model.open(layout, header.variant()), layout, progress);
        byte[] samples = blocks.isNone() ? coded : blocks.expand(coded, header.width(), header.height(), channels);

        int pixelCrcOffset = header.headerLength() + (int) header.payloadLength();
        long storedCrc = 0;
        for (int i = 0; i < 4; i++) {
            storedCrc = (storedCrc << 8) | (arc[pixelCrcOffset + i] & 0xFF);
        }
        CRC32C crc = new CRC32C();
        crc.update(samples);
        if (crc.getValue() != storedCrc) {
            throw new CorruptArcException(header.headerLength(),
                    "pixel checksum mismatch: the compressed data is damaged");
        }
        return header.colorType() == ColorType.PALETTE
                ? RasterImage.indexed(header.width(), header.height(), header.bitDepth(), header.palette(), samples)
                : RasterImage.of(header.width(), header.height(), header.colorType(), header.bitDepth(), samples);
    }

    private static byte[] decodePayload(byte[] arc, ContainerHeader header, ConditionalStream stream,
                                        SampleLayout layout, ProgressListener progress) {
        RangeDecoder decoder = new RangeDecoder(QuantizedCdf.PRECISION_BITS, arc, header.headerLength(),
                (int) header.payloadLength());
        return PayloadDecoder.decode(decoder, stream, layout, progress);
    }

    private static AutoregressiveModel resolveModel(ContainerHeader header, ModelCatalog models) {
        String name = header.modelName();
        String wanted = header.modelDigestHex();
        if (!models.contains(name)) {
            throw new ArcodecException("this file was compressed with model '" + name + "' (weights SHA-256 "
                    + wanted + "...), which is not available; available models: " + String.join(", ", models.names())
                    + "; decode it with the model file it was made with");
        }
        AutoregressiveModel model = models.get(name);
        byte[] digest = Arrays.copyOf(model.weightsSha256(), ContainerHeader.MODEL_DIGEST_BYTES);
        if (!Arrays.equals(digest, header.modelDigest())) {
            throw new ArcodecException("this file needs model '" + name + "' with weights SHA-256 " + wanted
                    + "..., but the available '" + name + "' has " + HexFormat.of().formatHex(digest)
                    + "...; decode it with the model file it was made with");
        }
        return model;
    }

    private static long usedMemory() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
