package org.arcodec.cli;

import org.arcodec.ModelCatalog;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelsCommandTest {
    @Test
    void listsEveryBundledModelWithItsDescriptionAndMarksTheDefaults() {
        Cli.Result result = Cli.run("models");
        assertEquals(0, result.exitCode(), result.toString());
        ModelCatalog catalog = ModelCatalog.bundled();
        assertEquals(catalog.names().size(), result.outLines().size(), result.out());
        for (String name : catalog.names()) {
            String line = result.outLines().stream().filter(l -> l.startsWith(name + " ")).findFirst().orElseThrow();
            assertTrue(line.contains(catalog.description(name)), line);
            boolean isDefault = name.equals(ModelCatalog.DEFAULT_MODEL) || name.equals(ModelCatalog.PHOTO_RGB_MODEL)
                    || name.equals(ModelCatalog.PHOTO_GRAY_MODEL);
            assertEquals(isDefault, line.contains(" (default for "), line);
            if (name.equals(ModelCatalog.PHOTO_RGB_MODEL)) {
                assertTrue(line.endsWith("(default for 8-bit RGB)"), line);
            }
        }
    }
}
