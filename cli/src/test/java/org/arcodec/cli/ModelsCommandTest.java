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
            String rgb = ModelCatalog.PHOTO_RGB_MODEL;
            String downscaled = ModelCatalog.PHOTO_RGB_DOWNSCALED_MODEL;
            String gray = ModelCatalog.PHOTO_GRAY_MODEL;
            boolean isDefault = name.equals(ModelCatalog.DEFAULT_MODEL) || name.equals(rgb) || name.equals(gray)
                    || name.equals(downscaled) || name.equals(rgb + "+alpha") || name.equals(gray + "+alpha")
                    || name.equals(downscaled + "+alpha");
            assertEquals(isDefault, line.contains(" (default for "), line);
            if (name.equals(rgb) || name.equals(downscaled)) {
                assertTrue(line.endsWith("(default for 8-bit RGB)"), line);
            }
            if (name.equals(rgb + "+alpha") || name.equals(downscaled + "+alpha")) {
                assertTrue(line.endsWith("(default for 8-bit RGBA)"), line);
            }
            if (name.equals(ModelCatalog.DEFAULT_MODEL)) {
                assertTrue(line.endsWith("(default for palettes, 1-4 bit gray)"), line);
            }
        }
    }
}
