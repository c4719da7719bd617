package org.arcodec.cli;

import org.arcodec.ColorType;
import org.arcodec.ModelCatalog;
import org.arcodec.Palette;
import org.arcodec.RasterImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** {@code arcodec models}: the bundled models, the defaults marked with the layouts they serve. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the bundled models; compress uses the ones marked (default ...) for those layouts"
                + " unless told otherwise.")
final class ModelsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        ModelCatalog catalog = ModelCatalog.bundled();
        int width = 0;
        for (String name : catalog.names()) {
            width = Math.max(width, name.length());
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String name : catalog.names()) {
            String mark = defaultMark(catalog, name);
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %s%s", name, catalog.description(name), mark));
        }
    }

    /** One tiny image of each layout {@code compress} picks a model for, by how the listing names it. */
    private static final Map<String, RasterImage> LAYOUTS = layouts();

    private static Map<String, RasterImage> layouts() {
        Map<String, RasterImage> layouts = new LinkedHashMap<>();
        layouts.put("8-bit gray", RasterImage.of(1, 1, ColorType.GRAY, 8, new byte[1]));
        layouts.put("8-bit RGB", RasterImage.of(1, 1, ColorType.RGB, 8, new byte[3]));
        layouts.put("8-bit gray+alpha", RasterImage.of(1, 1, ColorType.GRAY_ALPHA, 8, new byte[2]));
        layouts.put("8-bit RGBA", RasterImage.of(1, 1, ColorType.RGBA, 8, new byte[4]));
        layouts.put("palettes", RasterImage.indexed(1, 1, 1, new Palette(new byte[8], false), new byte[1]));
        layouts.put("1-4 bit gray", RasterImage.of(1, 1, ColorType.GRAY, 4, new byte[1]));
        return layouts;
    }

    /** " (default for 8-bit RGB)" and the like, or "" for a model that is no layout's default. */
    static String defaultMark(ModelCatalog catalog, String name) {
        List<String> layouts = new ArrayList<>();
        for (Map.Entry<String, RasterImage> layout : LAYOUTS.entrySet()) {
            if (catalog.defaultModelsFor(layout.getValue()).contains(name)) {
                layouts.add(layout.getKey());
            }
        }
        return layouts.isEmpty() ? "" : " (default for " + String.join(", ", layouts) + ")";
    }
}
