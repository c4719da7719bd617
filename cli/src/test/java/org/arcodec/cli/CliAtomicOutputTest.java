package org.arcodec.cli;

import org.arcodec.ArcodecException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliAtomicOutputTest {
    @TempDir
    Path dir;

    private static final byte[] NEW = "new".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OLD = "old".getBytes(StandardCharsets.US_ASCII);

    @Test
    void writesThroughAHiddenTemporaryFileBesideTheTargetThatKeepsItsExtension() throws IOException {
        Path target = dir.resolve("photo.png");
        Path[] seen = new Path[1];
        AtomicOutput.write(target, false, file -> {
            seen[0] = file;
            Files.write(file, NEW);
        });
        assertArrayEquals(NEW, Files.readAllBytes(target));
        assertEquals(dir.toAbsolutePath(), seen[0].getParent());
        assertTrue(seen[0].getFileName().toString().startsWith("."), seen[0].toString());
        assertTrue(seen[0].getFileName().toString().endsWith("-photo.png"), seen[0].toString());
        assertEquals(List.of(target), files());
    }

    @Test
    void aFailureLeavesNoTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("photo.arc");
        IOException thrown = assertThrows(IOException.class, () -> AtomicOutput.write(target, false, file -> {
            Files.write(file, NEW);
            throw new IOException("disk full");
        }));
        assertEquals("disk full", thrown.getMessage());
        assertEquals(List.of(), files());
    }

    @Test
    void anUncheckedFailureAlsoLeavesNothing() throws IOException {
        Path target = dir.resolve("photo.pgm");
        assertThrows(ArcodecException.class, () -> AtomicOutput.write(target, true, file -> {
            throw new ArcodecException("this format cannot hold RGBA");
        }));
        assertEquals(List.of(), files());
    }

    @Test
    void keepsAnExistingFileUnlessToldToReplaceIt() throws IOException {
        Path target = Files.write(dir.resolve("photo.arc"), OLD);
        ArcodecException refused = assertThrows(ArcodecException.class,
                () -> AtomicOutput.write(target, false, file -> Files.write(file, NEW)));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
        assertArrayEquals(OLD, Files.readAllBytes(target));
        assertEquals(List.of(target), files());

        AtomicOutput.write(target, true, file -> Files.write(file, NEW));
        assertArrayEquals(NEW, Files.readAllBytes(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aMissingDirectoryFailsCleanly() {
        Path target = dir.resolve("no/such/dir/photo.arc");
        assertThrows(IOException.class, () -> AtomicOutput.write(target, false, file -> Files.write(file, NEW)));
        assertFalse(Files.exists(dir.resolve("no")));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
