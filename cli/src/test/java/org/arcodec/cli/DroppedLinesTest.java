package org.arcodec.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DroppedLinesTest {
    @Test
    void dropsTheLinesThatStartWithThePrefixAndPassesTheRest() throws IOException {
        ByteArrayOutputStream target = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(new DroppedLines(target, "Added op"), true, StandardCharsets.UTF_8)) {
            out.println("Added op matmul");
            out.println("epoch 1: Added op is not at the start");
            out.println("Added o");
            out.print("Added op without a newline");
            out.println();
            out.print("last, unfinished");
        }
        assertEquals("epoch 1: Added op is not at the start\\nAdded o\\nlast, unfinished",
                target.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\\n"));
    }
}
