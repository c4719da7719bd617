package org.arcodec.cli;

import org.arcodec.ArcodecException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Where compress and decompress write: beside each input under its default name, into
 * {@code --out-dir}, or to {@code -o} for a single input. Checks each target (not the input,
 * not an existing file without {@code -f}, not one written earlier in this run) and writes it
 * atomically.
 */
final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write to OUT (only with a single input).")
    Path output;

    @Option(names = "--out-dir", paramLabel = "DIR",
            description = "Write the outputs into DIR (created if missing) instead of beside the inputs.")
    Path outDir;

    @Option(names = {"-f", "--force"}, description = "Overwrite existing output files.")
    boolean force;

    /** Outputs of this run so far, so that two inputs never write the same file. */
    private final Set<Path> written = new HashSet<>();

    /** Rejects option combinations that cannot work for this many inputs (a usage error). */
    void checkUsage(int inputs) {
        if (output != null && outDir != null) {
            throw new ParameterException(command.commandLine(), "-o and --out-dir cannot be used together");
        }
        if (output != null && inputs > 1) {
            throw new ParameterException(command.commandLine(),
                    "-o names one output, but there are " + inputs + " inputs; use --out-dir for several");
        }
    }

    /**
     * The file to write for {@code input}, whose default name (without directory) is
     * {@code defaultName}, checked against the input, existing files and earlier outputs.
     */
    Path targetFor(Path input, String defaultName) throws IOException {
        Path target = locate(input, defaultName);
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.equals(input.toAbsolutePath().normalize())
                || Files.exists(target) && Files.exists(input) && Files.isSameFile(input, target)) {
            throw new ArcodecException("the output " + target + " would overwrite the input; choose another with -o");
        }
        if (Files.isDirectory(target)) {
            throw new ArcodecException("the output " + target + " is a directory; use --out-dir to write into it");
        }
        if (written.contains(absolute)) {
            throw new ArcodecException("the output " + target + " was already written by an earlier input");
        }
        AtomicOutput.refuseExisting(target, force);
        return target;
    }

    private Path locate(Path input, String defaultName) throws IOException {
        if (output != null) {
            return output;
        }
        if (outDir != null) {
            Files.createDirectories(outDir);
            return outDir.resolve(defaultName);
        }
        Path dir = input.getParent();
        return dir == null ? Path.of(defaultName) : dir.resolve(defaultName);
    }

    /** Writes {@code target} whole or not at all (see {@link AtomicOutput}), and remembers it. */
    void write(Path target, AtomicOutput.Content content) throws IOException {
        AtomicOutput.write(target, force, content);
        written.add(target.toAbsolutePath().normalize());
    }
}
