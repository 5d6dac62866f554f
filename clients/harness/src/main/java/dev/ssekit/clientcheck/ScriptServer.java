package dev.ssekit.clientcheck;

/**
 * Where the scenarios' scripts are served: one path prefix per scenario ({@code /c/<key>/<path name>}), each request
 * handed to the {@link Stage} registered for its key. {@link ScriptedServer} serves HTTP/1.1 on plain sockets,
 * {@link H2ScriptedServer} HTTP/2 over TLS.
 */
interface ScriptServer extends AutoCloseable {

    /** The URL of a path of a scenario. */
    String url(String key, String pathName);

    void register(String key, Stage stage);

    void unregister(String key);

    /** The protocol every request must come over for the run to judge it ({@code h2}), or null when any will do. */
    default String requiredProtocol() {
        return null;
    }

    @Override
    void close();
}
