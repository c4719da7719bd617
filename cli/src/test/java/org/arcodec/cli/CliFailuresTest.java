package org.arcodec.cli;

import org.arcodec.ArcodecException;
import org.arcodec.CorruptArcException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliFailuresTest {
    private static final Path FILE = Path.of("photo.arc");

    @Test
    void aDamagedFileSaysSoWithTheOffset() {
        assertEquals("arcodec: photo.arc: damaged file: header checksum mismatch (at byte 41)",
                reported(new CorruptArcException(41, "header checksum mismatch"), false));
    }

    @Test
    void aFileWithoutTheSignatureIsNotCalledDamaged() {
        assertEquals("arcodec: photo.arc: not an arcodec file (no .arc signature) (at byte 0)",
                reported(new CorruptArcException(0, "not an arcodec file (no .arc signature)"), false));
    }

    @Test
    void libraryMessagesPassThrough() {
        assertEquals("arcodec: photo.arc: unknown model 'x'",
                reported(new ArcodecException("unknown model 'x'"), false));
    }

    @Test
    void theFileIsNamedOnce() {
        assertEquals("arcodec: photo.arc: is empty", reported(new ArcodecException("photo.arc: is empty"), false));
    }

    @Test
    void fileSystemFailuresInWordsNamingOtherPaths() {
        assertEquals("arcodec: photo.arc: no such file or directory",
                reported(new NoSuchFileException("photo.arc"), false));
        assertEquals("arcodec: photo.arc: out/photo.png: permission denied",
                reported(new UncheckedIOException(new AccessDeniedException("out/photo.png")), false));
    }

    @Test
    void aBugGetsAHintAndNoStackTraceUnlessVerbose() {
        String line = reported(new IllegalStateException("boom"), false);
        assertTrue(line.startsWith("arcodec: photo.arc: internal error: java.lang.IllegalStateException: boom"), line);
        assertTrue(line.contains("--verbose"), line);

        StringWriter err = new StringWriter();
        assertEquals(1, Failures.report(new PrintWriter(err), FILE, new IllegalStateException("boom"), true));
        assertTrue(err.toString().contains("\tat org.arcodec.cli.CliFailuresTest"), err.toString());
    }

    @Test
    void outOfMemorySuggestsJavaOpts() {
        String line = reported(new OutOfMemoryError("Java heap space"), false);
        assertTrue(line.contains("out of memory") && line.contains("JAVA_OPTS=-Xmx"), line);
    }

    @Command(name = "boom")
    static final class Boom implements Runnable {
        @Option(names = "--verbose")
        boolean verbose;

        @Override
        public void run() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void exceptionsOutOfACommandAreExitOneWithOneLine() {
        Cli.Result result = Cli.run(Main.configure(new CommandLine(new Boom())));
        assertEquals(1, result.exitCode(), result.toString());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("arcodec: internal error: java.lang.IllegalStateException: boom"));

        Cli.Result verbose = Cli.run(Main.configure(new CommandLine(new Boom())), "--verbose");
        assertEquals(1, verbose.exitCode());
        assertTrue(verbose.err().contains("\tat org.arcodec.cli.CliFailuresTest$Boom.run"), verbose.err());
        assertFalse(verbose.err().contains("rerun with --verbose"), verbose.err());
    }

    private static String reported(Throwable failure, boolean verbose) {
        StringWriter err = new StringWriter();
        assertEquals(1, Failures.report(new PrintWriter(err), FILE, failure, verbose));
        return err.toString().strip();
    }
}
