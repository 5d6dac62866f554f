/**
 * The Java reference EventSource: the JDK {@code HttpClient} driven by the kit's parser and EventSourceModel. Needs
 * nothing but {@code dev.ssekit.protocol} and the JDK.
 */
module dev.ssekit.client {
    requires transitive dev.ssekit.protocol;
    requires transitive java.net.http;

    exports dev.ssekit.client;
}
