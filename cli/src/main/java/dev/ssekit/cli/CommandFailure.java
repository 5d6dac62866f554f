package dev.ssekit.cli;

import java.io.IOException;

/** Ends a command with a one-line message on stderr and an exit status; never shown as a stack trace. */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CommandFailure(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    /**
     * Standard output failed. A reader that went away early ({@code | head}) ends the run quietly with 141, the
     * status of a process killed by SIGPIPE, as other Unix tools do; anything else is reported.
     */
    static CommandFailure writeFailed(String command, IOException e) {
        String why = String.valueOf(e.getMessage());
        if (why.contains("Broken pipe")) {
            return new CommandFailure(141, "");
        }
        return new CommandFailure(2, "sse-kit " + command + ": cannot write to standard output: " + why);
    }

    int exitCode() {
        return exitCode;
    }
}
