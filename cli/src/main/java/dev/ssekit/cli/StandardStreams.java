package dev.ssekit.cli;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * The process's stdin, stdout and stderr, as bytes. Commands write event data as UTF-8 bytes to {@link #out()};
 * help and messages go through the UTF-8 writers. Tests pass in-memory streams.
 */
final class StandardStreams {

    private static final int OUT_BUFFER = 64 * 1024;

    private final InputStream in;
    private final OutputStream out;
    private final PrintWriter outWriter;
    private final PrintWriter errWriter;

    StandardStreams(InputStream in, OutputStream out, OutputStream err) {
        this.in = in;
        this.out = out instanceof BufferedOutputStream ? out : new BufferedOutputStream(out, OUT_BUFFER);
        this.outWriter = new PrintWriter(new OutputStreamWriter(this.out, StandardCharsets.UTF_8), true);
        this.errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    }

    /** The raw descriptors: System.out would flush on every write and encode text with the platform charset. */
    static StandardStreams system() {
        return new StandardStreams(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                new FileOutputStream(FileDescriptor.err));
    }

    InputStream in() {
        return in;
    }

    /** Buffered: callers flush when the output should be seen (before blocking on input, and at the end). */
    OutputStream out() {
        return out;
    }

    PrintWriter outWriter() {
        return outWriter;
    }

    PrintWriter errWriter() {
        return errWriter;
    }

    void flushQuietly() {
        outWriter.flush();
        errWriter.flush();
        try {
            out.flush();
        } catch (IOException ignored) {
            // stdout is gone (a closed pipe); nothing useful left to say
        }
    }
}
