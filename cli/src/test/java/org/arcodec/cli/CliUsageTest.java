package org.arcodec.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliUsageTest {
    @TempDir
    Path dir;

    @Test
    void helpAndVersionSucceedOnStdout() {
        Cli.Result help = Cli.run("--help");
        assertEquals(0, help.exitCode());
        for (String command : new String[] {"compress", "decompress", "info", "models"}) {
            assertTrue(help.out().contains("  " + command + " "), help.out());
        }
        Cli.Result version = Cli.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("(?s)arcodec \\d+\\.\\d+\\.\\d+.*"), version.out());
        for (String command : new String[] {"compress", "decompress", "info", "models"}) {
            Cli.Result sub = Cli.run(command, "--help");
            assertEquals(0, sub.exitCode(), command);
            assertTrue(sub.out().startsWith("Usage: arcodec " + command), sub.out());
        }
    }

    @Test
    void noSubcommandPrintsUsageAsAUsageError() {
        Cli.Result result = Cli.run();
        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("Usage: arcodec"), result.err());
        assertEquals("", result.out());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result result = Cli.run("compress", "--jsn", dir.resolve("a.png"));
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("Unknown option: '--jsn'"), result.err());
        assertTrue(result.err().contains("--json"), "suggests the near miss: " + result.err());
        assertTrue(result.err().contains("Try 'arcodec compress --help'"), result.err());
    }

    @Test
    void unknownSubcommandAndMissingInputAreUsageErrors() {
        assertEquals(2, Cli.run("squash", "a.png").exitCode());
        assertEquals(2, Cli.run("compress").exitCode());
        assertEquals(2, Cli.run("decompress").exitCode());
        assertEquals(2, Cli.run("info").exitCode());
    }

    @Test
    void oneOutputForTwoInputsIsAUsageErrorAndWritesNothing() throws IOException {
        Path out = dir.resolve("out.arc");
        Cli.Result result = Cli.run("compress", "-o", out, dir.resolve("a.png"), dir.resolve("b.png"));
        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.err().contains("--out-dir"), result.err());
        assertEquals(2, Cli.run("decompress", "-o", out, dir.resolve("a.arc"), dir.resolve("b.arc")).exitCode());
        assertEquals(2, Cli.run("compress", "-o", out, "--out-dir", dir, dir.resolve("a.png")).exitCode());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void anUnknownModelIsAUsageError() {
        Cli.Result result = Cli.run("compress", "--model", "no-such-model", dir.resolve("a.png"));
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("unknown model 'no-such-model'"), result.err());
        assertTrue(result.err().contains("histogram"), "lists the bundled models: " + result.err());
    }

    @Test
    void aDamagedModelFileIsReportedWithItsName() throws IOException {
        Path weights = Files.write(dir.resolve("mine.arcm"), new byte[] {1, 2, 3});
        Cli.Result compress = Cli.run("compress", "--model", weights, dir.resolve("a.png"));
        assertEquals(1, compress.exitCode());
        assertTrue(compress.err().contains("mine.arcm"), compress.err());
        Cli.Result decompress = Cli.run("decompress", "--model", weights, dir.resolve("a.arc"));
        assertEquals(1, decompress.exitCode());
        assertTrue(decompress.err().contains("mine.arcm"), decompress.err());
    }
}
