package org.arcodec.cli;

import org.arcodec.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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

    /** " (default for 8-bit RGB)" and the like, or "" for a model that is no layout's default. */
    static String defaultMark(ModelCatalog catalog, String name) {
        List<String> layouts = new ArrayList<>();
        boolean rgb = catalog.names().contains(ModelCatalog.PHOTO_RGB_MODEL);
        boolean gray = catalog.names().contains(ModelCatalog.PHOTO_GRAY_MODEL);
        if (name.equals(ModelCatalog.PHOTO_RGB_MODEL)) {
            layouts.add("8-bit RGB");
        }
        if (name.equals(ModelCatalog.PHOTO_GRAY_MODEL)) {
            layouts.add("8-bit gray");
        }
        if (name.equals(ModelCatalog.DEFAULT_MODEL)) {
            layouts.add(rgb || gray ? "other layouts" : "all layouts");
        }
        return layouts.isEmpty() ? "" : " (default for " + String.join(", ", layouts) + ")";
    }
}
