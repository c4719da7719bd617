package org.arcodec.cli;

import picocli.CommandLine;

/** The {@code arcodec} command: builds the command line, runs it, exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(commandLine(), args));
    }

    /** The configured {@code arcodec} command line; tests give it their own out and err writers. */
    static CommandLine commandLine() {
        return configure(new CommandLine(new ArcodecCommand()));
    }

    /** Routes every failure, usage errors included, to {@link Failures}. */
    static CommandLine configure(CommandLine commandLine) {
        Failures failures = new Failures();
        return commandLine.setExecutionExceptionHandler(failures).setParameterExceptionHandler(failures);
    }

    /**
     * Runs the command line. picocli hands exceptions to {@link Failures} but lets errors through;
     * the one error a user can act on, running out of memory, is reported here the same way.
     */
    static int run(CommandLine commandLine, String... args) {
        try {
            return commandLine.execute(args);
        } catch (OutOfMemoryError e) {
            return Failures.report(commandLine.getErr(), null, e, false);
        }
    }
}
