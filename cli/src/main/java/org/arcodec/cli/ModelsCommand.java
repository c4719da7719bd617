package org.arcodec.cli;

import org.arcodec.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;

/** {@code arcodec models}: the bundled models, the default one marked. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the bundled models; compress uses the one marked (default) unless told otherwise.")
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
            String mark = name.equals(ModelCatalog.DEFAULT_MODEL) ? " (default)" : "";
            out.println(String.format(Locale.ROOT, "%-" + width + "s  %s%s", name, catalog.description(name), mark));
        }
    }
}
