package dev.ssekit.cli;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import dev.ssekit.protocol.ParserLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Reads events as JSON lines and writes them in the canonical event-stream wire format. */
@Command(name = "encode",
        header = "Encode events given as JSON lines into the event-stream wire format.",
        description = {
            "Each non-blank input line is one JSON object with any of the members",
            "  {\"comment\":…, \"retry\":N, \"id\":…, \"event\":…, \"data\":…}",
            "(null is the same as absent; other members are refused). Each becomes",
            "one event in the canonical text/event-stream form, UTF-8. Line breaks in",
            "data and comment become several lines; id and event may not hold CR, LF",
            "or NUL, and no member may hold an unpaired surrogate.",
            "The first invalid line stops the run with \"line N: <reason>\" on",
            "standard error; the events before it have been written. A line longer",
            "than --max-line-length is refused as soon as it passes the limit,",
            "without being read further."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  every line was encoded",
                "  2  an invalid line, a line over --max-line-length, unreadable input, or bad usage"})
final class EncodeCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "JSON lines to read; standard input if absent or -.")
    private String file;

    @Option(names = "--max-line-length", paramLabel = "BYTES", defaultValue = "" + ParserLimits.DEFAULT_MAX_LINE_LENGTH,
            description = "Longest input line accepted, in bytes, not counting its line ending (default: ${DEFAULT-VALUE}, 1 MiB).")
    private int maxLineLength;

    @Override
    public Integer call() {
        if (maxLineLength <= 0) {
            throw new ParameterException(spec.commandLine(),
                    "--max-line-length must be a positive number of bytes, not " + maxLineLength);
        }
        InputSource source = new InputSource("encode", file);
        StandardStreams io = main.io();
        OutputStream out = io.out();
        try (InputStream in = source.open(io.in())) {
            // Flushed whenever input runs dry, so events piped in one by one go out one by one.
            LineReader lines = new LineReader(in, maxLineLength, () -> flush(out));
            long number = 0;
            byte[] line;
            while ((line = next(lines, source, number + 1, out)) != null) {
                number++;
                if (isBlank(line)) {
                    continue;
                }
                OutgoingEvent event;
                try {
                    event = OutgoingEventJson.read(line);
                } catch (IllegalArgumentException e) {
                    flush(out);
                    throw new CommandFailure(2, "line " + number + ": " + e.getMessage());
                }
                EventStreamEncoder.encode(event, out);
            }
            flush(out);
            return 0;
        } catch (IOException e) {
            throw CommandFailure.writeFailed("encode", e);
        } catch (UncheckedIOException e) {
            throw CommandFailure.writeFailed("encode", e.getCause());
        }
    }

    private byte[] next(LineReader lines, InputSource source, long number, OutputStream out) {
        try {
            return lines.next();
        } catch (UncheckedIOException e) {
            throw e; // from the flush before a read: an output problem
        } catch (IOException e) {
            throw source.readFailure(e);
        } catch (LineReader.TooLong e) {
            flush(out);
            throw new CommandFailure(2, "line " + number + ": longer than --max-line-length (" + maxLineLength + " bytes)");
        }
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void flush(OutputStream out) {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
