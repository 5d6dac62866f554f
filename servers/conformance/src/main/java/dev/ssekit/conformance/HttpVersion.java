package dev.ssekit.conformance;

/** Which HTTP the check speaks, named as curl names the choice. */
public enum HttpVersion {
    /** https: offers h2 and http/1.1 by ALPN and uses what the server picks; http: HTTP/1.1 (curl's default). */
    AUTO,
    /** HTTP/1.1 only ({@code --http1.1}): over TLS, ALPN offers http/1.1 alone. */
    HTTP_1_1,
    /** HTTP/2 only ({@code --http2}): over TLS by ALPN h2 alone; over http with prior knowledge (h2c). */
    HTTP_2
}
