package org.arcodec.cli;

import picocli.CommandLine.ExitCode;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command's work on each input in turn, like gzip: a file that fails is reported and the
 * others still run, and the exit code says whether any failed.
 */
final class Batch {
    private Batch() {
    }

    /** The work for one input file. */
    @FunctionalInterface
    interface Job {
        void run(Path input) throws Exception;
    }

    /**
     * Runs {@code job} on every input, reporting failures through {@link Failures}. A file too
     * large for the heap is a failure of that file alone: its memory is free again once it has
     * failed.
     *
     * @return {@link ExitCode#OK} when every input succeeded, else the exit code of the failures
     */
    static int run(List<Path> inputs, PrintWriter err, boolean verbose, Job job) {
        int exitCode = ExitCode.OK;
        for (Path input : inputs) {
            try {
                job.run(input);
            } catch (Exception | OutOfMemoryError failure) {
                exitCode = Math.max(exitCode, Failures.report(err, input, failure, verbose));
            }
        }
        return exitCode;
    }
}
