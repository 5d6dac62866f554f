package dev.ssekit.cli;

import dev.ssekit.spec.Escapes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** One in-process run of the command line, with its exit status and what it wrote. */
record CommandRun(int exitCode, byte[] out, String err) {

    static CommandRun of(byte[] stdin, String... args) {
        return of(new ByteArrayInputStream(stdin), args);
    }

    static CommandRun of(String stdin, String... args) {
        return of(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static CommandRun of(InputStream stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(stdin, out, err, args);
        return new CommandRun(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    String outText() {
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Standard output split into lines; the output must end with a line break if it is not empty. */
    List<String> outLines() {
        String text = outText();
        if (text.isEmpty()) {
            return List.of();
        }
        if (!text.endsWith("\n")) {
            throw new AssertionError("output does not end with a line break: " + text);
        }
        return Arrays.asList(text.substring(0, text.length() - 1).split("\n", -1));
    }

    /** Exit status and both outputs, escaped so that line breaks and controls are visible. */
    String describe() {
        return "exit " + exitCode + ", stdout " + Escapes.quote(outText()) + ", stderr " + Escapes.quote(err);
    }
}
