package org.arcodec.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

/** Runs the {@code arcodec} command in-process with captured stdout and stderr. */
final class Cli {
    private Cli() {
    }

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = args[i] instanceof Path path ? path.toString() : args[i].toString();
        }
        return run(Main.commandLine(), strings);
    }

    static Result run(CommandLine commandLine, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = Main.run(commandLine, args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
