package dev.ssekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A FILE operand: a path, or stdin when absent or "-". Opening failures become one-line messages. */
final class InputSource {

    private final String command;
    private final String file;

    InputSource(String command, String file) {
        this.command = command;
        this.file = file;
    }

    boolean isStdin() {
        return file == null || file.equals("-");
    }

    String name() {
        return isStdin() ? "<stdin>" : file;
    }

    /** The stream to read; stdin is wrapped so that closing it leaves the process's stdin open. */
    InputStream open(InputStream stdin) {
        if (isStdin()) {
            return new NonClosing(stdin);
        }
        try {
            Path path = Path.of(file);
            if (Files.isDirectory(path)) {
                throw failure("is a directory");
            }
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw failure("no such file");
        } catch (AccessDeniedException e) {
            throw failure("permission denied");
        } catch (InvalidPathException e) {
            throw failure("not a valid path (" + e.getReason() + ")");
        } catch (IOException e) {
            throw failure(String.valueOf(e.getMessage()));
        }
    }

    /** For read errors after opening. */
    CommandFailure readFailure(IOException e) {
        return failure("read error: " + e.getMessage());
    }

    private CommandFailure failure(String why) {
        return new CommandFailure(2, "sse-kit " + command + ": cannot read " + name() + ": " + why);
    }

    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
