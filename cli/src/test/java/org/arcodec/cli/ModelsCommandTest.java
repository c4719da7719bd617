package org.arcodec.cli;

import org.arcodec.ModelCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {
    @Test
    void listsEveryBundledModelWithItsDescriptionAndMarksTheDefault() {
        Cli.Result result = Cli.run("models");
        assertEquals(0, result.exitCode(), result.toString());
        ModelCatalog catalog = ModelCatalog.bundled();
        assertEquals(catalog.names().size(), result.outLines().size(), result.out());
        for (String name : catalog.names()) {
            String line = result.outLines().stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
            assertTrue(line.contains(catalog.description(name)), line);
            assertEquals(name.equals(ModelCatalog.DEFAULT_MODEL), line.endsWith("(default)"), line);
        }
    }
}
