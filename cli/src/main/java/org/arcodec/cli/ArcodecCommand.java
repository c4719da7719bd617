package org.arcodec.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/** The top-level command: options every subcommand shares, and the list of subcommands. */
@Command(name = "arcodec",
        mixinStandardHelpOptions = true,
        versionProvider = ArcodecCommand.Version.class,
        description = "Lossless image compression with autoregressive models.",
        subcommands = {CompressCommand.class, DecompressCommand.class, InfoCommand.class, ModelsCommand.class,
                SampleCommand.class, TrainCommand.class,
                HelpCommand.class},
        footer = {"", "Exit status: 0 success, 1 a file could not be processed, 2 usage error.",
                "Java options (such as -Xmx8g) go in the JAVA_OPTS environment variable."})
final class ArcodecCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Read by {@link Failures} from the parse result, wherever on the command line it appears. */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;

    /** Without a subcommand: the usage, as a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCode.USAGE;
    }

    /** The project version, filtered into version.properties at build time. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                    "arcodec " + properties.getProperty("version", "(unknown version)"),
                    "Java ${java.version} (${java.vendor} ${java.vm.name})"};
        }
    }
}
