package org.arcodec.cli;

import org.arcodec.ArcodecException;
import org.arcodec.CorruptArcException;
import picocli.CommandLine;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The one place that turns a failure into the lines a user reads and an exit code. A usage
 * error (picocli's) is exit 2: the message and where to find help. Everything that goes wrong
 * while running is exit 1: a message on stderr naming the file and the problem, and the stack
 * trace only with {@code --verbose}.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {
    private static final String VERBOSE = "--verbose";

    @Override
    public int handleParseException(ParameterException failure, String[] args) {
        CommandLine command = failure.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("arcodec: " + failure.getMessage());
        UnmatchedArgumentException.printSuggestions(failure, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parsed) {
        return report(commandLine.getErr(), null, failure, verboseRequested(parsed));
    }

    /**
     * Prints {@code arcodec: FILE: problem} (or {@code arcodec: problem} without a file) and
     * returns the exit code for it.
     */
    static int report(PrintWriter err, Path file, Throwable failure, boolean verbose) {
        String subject = file == null ? "" : file + ": ";
        err.println("arcodec: " + subject + describe(failure, file, verbose));
        if (verbose) {
            failure.printStackTrace(err);
        }
        err.flush();
        return ExitCode.SOFTWARE;
    }

    /** Whether {@code --verbose} was given anywhere on the command line that is running {@code command}. */
    static boolean verboseRequested(CommandSpec command) {
        return verboseRequested(command.root().commandLine().getParseResult());
    }

    /** Whether {@code --verbose} was given to the command or any of its subcommands. */
    static boolean verboseRequested(ParseResult parsed) {
        for (ParseResult level = parsed; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable failure, Path file, boolean verbose) {
        if (failure instanceof CorruptArcException corrupt) {
            // Offset 0 means the signature is missing: not an .arc file at all, rather than a damaged one.
            return corrupt.offset() == 0 ? corrupt.getMessage() : "damaged file: " + corrupt.getMessage();
        }
        if (failure instanceof ArcodecException) {
            return withoutFileName(failure.getMessage(), file);
        }
        if (failure instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause(), file, verbose);
        }
        if (failure instanceof FileSystemException io) {
            return fileSystemProblem(io, file);
        }
        if (failure instanceof IOException) {
            return failure.getMessage() != null ? failure.getMessage() : "I/O error (" + failure + ")";
        }
        if (failure instanceof OutOfMemoryError) {
            return "out of memory; give Java more, for example JAVA_OPTS=-Xmx8g";
        }
        return "internal error: " + failure + (verbose ? "" : " (a bug in arcodec; rerun with --verbose for details)");
    }

    /** Library messages about a file start with its name, which the report gives already. */
    private static String withoutFileName(String message, Path file) {
        String prefix = file + ": ";
        return file != null && message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** A file system failure in words, naming the path when it is not the file being processed. */
    private static String fileSystemProblem(FileSystemException failure, Path file) {
        // The reason, when there is one, is the operating system's, such as "No space left on device".
        String problem = failure.getReason() != null ? failure.getReason() : problemOf(failure);
        String path = failure.getFile();
        boolean other = path != null && (file == null || !Path.of(path).equals(file));
        return other ? path + ": " + problem : problem;
    }

    private static String problemOf(FileSystemException failure) {
        if (failure instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (failure instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (failure instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (failure instanceof NotDirectoryException) {
            return "not a directory";
        }
        return failure.getClass().getSimpleName();
    }
}
