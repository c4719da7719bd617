package org.arcodec.cli;

import org.arcodec.ArcInfo;
import org.arcodec.Arcodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code arcodec info}: what an {@code .arc} file's header says, without decoding it. */
@Command(name = "info", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show what .arc files hold: image geometry and layout, the model that coded them, sizes.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "ARC", description = ".arc files to describe.")
    List<Path> inputs;

    @Option(names = "--json", description = "Print one JSON object per file instead of text.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return Batch.run(inputs, spec.commandLine().getErr(), Failures.verboseRequested(spec), input -> {
            ArcInfo info = read(input);
            out.println(json ? json(input, info) : human(input, info));
        });
    }

    private static ArcInfo read(Path input) throws IOException {
        return Arcodec.inspect(Files.readAllBytes(input));
    }

    static String json(Path input, ArcInfo info) {
        return new JsonLine()
                .add("input", input.toString())
                .add("format_version", info.formatVersion())
                .add("width", info.width())
                .add("height", info.height())
                .add("block_width", info.blockWidth())
                .add("block_height", info.blockHeight())
                .add("model_variant", info.modelVariant())
                .add("channels", info.channels())
                .add("color_type", info.colorType().name())
                .add("bit_depth", info.bitDepth())
                .add("palette_size", info.paletteSize())
                .add("model", info.modelName())
                .add("model_digest", info.modelDigest())
                .add("header_bytes", info.headerBytes())
                .add("payload_bytes", info.payloadBytes())
                .add("bytes", info.fileBytes())
                .add("bpd", info.bitsPerSample())
                .toString();
    }

    static String human(Path input, ArcInfo info) {
        String palette = info.paletteSize() > 0 ? ", " + info.paletteSize() + " colours" : "";
        String blocks = info.blockWidth() * info.blockHeight() == 1 ? ""
                : ", coded as " + info.codedSamples() / info.channels() + " pixels repeated in " + info.blockWidth() + "x"
                        + info.blockHeight() + " blocks";
        return String.join(System.lineSeparator(),
                input + ":",
                "  image    " + CodingReport.layout(info.width(), info.height(), info.colorType(), info.bitDepth())
                        + palette + ", " + info.channels() + (info.channels() == 1 ? " channel" : " channels") + blocks,
                "  model    " + info.modelName() + " (weights SHA-256 " + info.modelDigest() + "...)"
                        + (info.modelVariant() == 0 ? "" : ", variant " + info.modelVariant()),
                "  size     " + info.fileBytes() + " B: header " + info.headerBytes() + " B, payload "
                        + info.payloadBytes() + " B",
                String.format(Locale.ROOT, "  bpd      %.3f", info.bitsPerSample()),
                "  format   version " + info.formatVersion());
    }
}
