package dev.ssekit.cli;

import dev.ssekit.protocol.EventStreamParser;
import dev.ssekit.protocol.LimitExceededException;
import dev.ssekit.protocol.ParserLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Reads an event stream as bytes and prints what a browser would see, one JSON object per line. */
@Command(name = "parse",
        sortOptions = false,
        header = "Parse an event stream and print what a browser sees, as JSON lines.",
        description = {
            "Reads text/event-stream bytes and parses them as the HTML standard",
            "(9.2.6) says a browser does. Prints one JSON object per line, in order:",
            "  {\"type\":…,\"data\":…,\"lastEventId\":…}",
            "      an event was dispatched",
            "  {\"retry\":N}",
            "      a valid retry field set the reconnection time to N milliseconds",
            "Any input parses: invalid UTF-8 becomes U+FFFD. Events are printed as",
            "soon as the input that completes them arrives."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  the whole input was parsed",
                "  2  a limit was reached, the input could not be read, or bad usage"})
final class ParseCommand implements Callable<Integer> {

    static final int CHUNK = 8 * 1024;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The event stream to read; standard input if absent or -.")
    private String file;

    @Option(names = "--max-line-length", paramLabel = "BYTES", defaultValue = "" + ParserLimits.DEFAULT_MAX_LINE_LENGTH,
            description = "Longest line accepted, in bytes, not counting its line ending (default: ${DEFAULT-VALUE}, 1 MiB).")
    private int maxLineLength;

    @Option(names = "--max-event-size", paramLabel = "BYTES", defaultValue = "" + ParserLimits.DEFAULT_MAX_EVENT_SIZE,
            description = "Largest event data accepted, in UTF-8 bytes (default: ${DEFAULT-VALUE}, 8 MiB).")
    private int maxEventSize;

    @Override
    public Integer call() throws IOException {
        ParserLimits limits = limits();
        InputSource source = new InputSource("parse", file);
        StandardStreams io = main.io();
        EventJsonWriter writer = new EventJsonWriter(io.out());
        EventStreamParser parser = new EventStreamParser(writer, limits);
        try (InputStream in = source.open(io.in())) {
            byte[] chunk = new byte[CHUNK];
            while (true) {
                int n;
                try {
                    n = in.read(chunk);
                } catch (IOException e) {
                    throw source.readFailure(e);
                }
                if (n < 0) {
                    break;
                }
                parser.feed(chunk, 0, n);
                // Flushed per chunk so that a live stream (tail -f, curl -N) shows events as they arrive.
                writer.flush();
            }
            parser.end();
            writer.flush();
            return 0;
        } catch (LimitExceededException e) {
            flushQuietly(writer);
            throw new CommandFailure(2, "sse-kit parse: " + e.getMessage() + " (raise it with "
                    + optionFor(e.limit()) + ")");
        } catch (UncheckedIOException e) {
            throw CommandFailure.writeFailed("parse", e.getCause());
        }
    }

    private ParserLimits limits() {
        requirePositive("--max-line-length", maxLineLength);
        requirePositive("--max-event-size", maxEventSize);
        try {
            return ParserLimits.of(maxLineLength, maxEventSize);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new ParameterException(spec.commandLine(),
                    option + " must be a positive number of bytes, not " + value);
        }
    }

    private static String optionFor(String limit) {
        return switch (limit) {
            case "maxLineLength" -> "--max-line-length";
            case "maxEventSize" -> "--max-event-size";
            default -> "the matching option";
        };
    }

    private static void flushQuietly(EventJsonWriter writer) {
        try {
            writer.flush();
        } catch (UncheckedIOException ignored) {
            // the limit message matters more than output that can no longer be written
        }
    }
}
