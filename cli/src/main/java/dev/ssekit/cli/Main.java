package dev.ssekit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;

/**
 * The {@code sse-kit} command. A new subcommand is a class annotated with {@code @Command} that reaches the
 * process streams through {@code @ParentCommand Main}, listed in {@code subcommands} below. {@code compare} and
 * {@code bench} are declared here, so help lists and explains them, but run from the bench jar (see
 * {@link BenchJar}).
 */
// scope INHERIT: subcommands get -h/--help, -V/--version and the version provider too.
@Command(name = "sse-kit",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {"Server-Sent Events reference and conformance kit: serve, check, client-check, client-service, listen, parse and encode.",
            "compare and bench run from the bench jar, which ./sse-kit builds when first used."},
        subcommands = {HelpCommand.class, ServeCommand.class, CheckCommand.class, ClientCheckCommand.class, ClientServiceCommand.class, ListenCommand.class, CompareCommand.class, BenchCommand.class, ParseCommand.class, EncodeCommand.class},
        footerHeading = "%nExit status:%n",
        footer = {"  0  success",
                "  1  check: a MUST failed; any other command: an internal error (please report it)",
                "  2  bad usage, unreadable input, an invalid event, or a parser limit reached",
                "  3  listen: the connection failed for good (the reason on stderr)",
                "141  standard output was closed early (as by | head)"})
public final class Main {

    static final String DEBUG_ENV = "SSE_KIT_DEBUG";

    private final StandardStreams io;

    Main(StandardStreams io) {
        this.io = io;
    }

    StandardStreams io() {
        return io;
    }

    public static void main(String[] args) {
        System.exit(run(StandardStreams.system(), args));
    }

    /**
     * Runs another top-level {@code @Command} object (the bench jar's) on the process's streams, with this command's
     * messages for bad usage and failures and its exit statuses.
     */
    public static int runCommand(Object command, String... args) {
        return run(StandardStreams.system(), command, args);
    }

    /** {@link #runCommand} on the given streams, for tests. */
    public static int runCommand(Object command, InputStream in, OutputStream out, OutputStream err, String... args) {
        return run(new StandardStreams(in, out, err), command, args);
    }

    /** Runs one command line against the given streams and returns its exit status. */
    public static int run(InputStream in, OutputStream out, OutputStream err, String... args) {
        return run(new StandardStreams(in, out, err), args);
    }

    static int run(StandardStreams io, String... args) {
        return run(io, new Main(io), args);
    }

    private static int run(StandardStreams io, Object command, String... args) {
        try {
            return commandLine(io, command).execute(args);
        } catch (RuntimeException | Error e) {
            // picocli hands only Exceptions to onFailure; an Error (out of memory, stack overflow) ends up here.
            return internalError(io.errWriter(), "sse-kit", e);
        } finally {
            io.flushQuietly();
        }
    }

    private static CommandLine commandLine(StandardStreams io, Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setOut(io.outWriter());
        cl.setErr(io.errWriter());
        cl.setExecutionExceptionHandler(Main::onFailure);
        cl.setParameterExceptionHandler(Main::onBadUsage);
        return cl;
    }

    // A short message and a pointer to --help, rather than picocli's full usage text after every typo.
    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println(cl.getCommandSpec().qualifiedName() + ": " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cl.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int onFailure(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof CommandFailure f) {
            if (!f.getMessage().isEmpty()) {
                err.println(f.getMessage());
            }
            err.flush();
            return f.exitCode();
        }
        return internalError(err, cl.getCommandSpec().qualifiedName(), e);
    }

    /**
     * One line, never a stack trace, whatever the input: the trace is for a bug report, printed only when the
     * environment variable {@value #DEBUG_ENV} is set.
     */
    private static int internalError(PrintWriter err, String command, Throwable e) {
        try {
            if (e instanceof OutOfMemoryError) {
                err.println(command + ": out of memory (" + e.getMessage() + "): the input needs more heap than this JVM"
                        + " has; lower the command's limits or raise -Xmx");
            } else {
                err.println(command + ": internal error: " + e + " (please report it; " + DEBUG_ENV
                        + "=1 prints the stack trace)");
            }
            if (System.getenv(DEBUG_ENV) != null) {
                e.printStackTrace(err);
            }
            err.flush();
        } catch (RuntimeException | Error ignored) {
            // nothing left to report with
        }
        return 1;
    }

    /** The version from the Maven descriptor that the jar plugin puts in the jar ("dev" when run from classes). */
    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = "dev";
            try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/dev.ssekit/sse-kit-cli/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    version = p.getProperty("version", version);
                }
            } catch (IOException ignored) {
                // keep "dev"
            }
            return new String[] {"sse-kit " + version, "Java " + System.getProperty("java.version")};
        }
    }
}
