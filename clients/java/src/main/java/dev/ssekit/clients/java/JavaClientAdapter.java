package dev.ssekit.clients.java;

import dev.ssekit.client.ErrorEvent;
import dev.ssekit.client.EventSource;
import dev.ssekit.clientservice.Callbacks;
import dev.ssekit.clientservice.ClientAdapter;
import dev.ssekit.clientservice.StreamClient;
import dev.ssekit.clientservice.StreamRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The kit's Java {@link EventSource} in the test-service protocol: every create-stream property maps onto a builder
 * option, every event, comment and error is relayed as it is reported.
 *
 * <p>Over HTTPS with a test certificate ({@code client-check --http2}) the service is told, by system properties (the
 * no-argument constructor reads them) or by {@link #JavaClientAdapter(HttpClient, HttpClient.Version)}:
 * <ul>
 *   <li>{@value #TRUST_PROPERTY}: a file of the certificates to trust, PEM ({@code .pem}, {@code .crt}) or PKCS12
 *       ({@code .p12}, {@code .pfx}, its password in {@value #TRUST_PASSWORD_PROPERTY}); the EventSources then share
 *       one HttpClient that trusts those alone;</li>
 *   <li>{@value #HTTP_PROPERTY}: {@code 2} makes every request ask for HTTP/2 ({@link EventSource.Builder#httpVersion}),
 *       {@code 1.1} for HTTP/1.1; unset, the client negotiates as it does for its users.</li>
 * </ul>
 */
public final class JavaClientAdapter implements ClientAdapter {

    public static final String TRUST_PROPERTY = "sse.client.trust";
    public static final String TRUST_PASSWORD_PROPERTY = "sse.client.trust.password";
    public static final String HTTP_PROPERTY = "sse.client.http";

    private final HttpClient client;
    private final HttpClient.Version version;

    /** Configured by the system properties above; with none set, the EventSource's defaults. */
    public JavaClientAdapter() {
        String trust = System.getProperty(TRUST_PROPERTY);
        client = trust == null || trust.isBlank() ? null
                : httpClient(trustOnly(Path.of(trust), System.getProperty(TRUST_PASSWORD_PROPERTY)));
        version = version(System.getProperty(HTTP_PROPERTY));
    }

    /**
     * With the HttpClient every EventSource sends with (null: the EventSource's shared one) and the HTTP version each
     * request asks for (null: negotiated).
     */
    public JavaClientAdapter(HttpClient client, HttpClient.Version version) {
        this.client = client;
        this.version = version;
    }

    /** An HttpClient as the EventSource's default one, but with this TLS context: no redirects of its own. */
    public static HttpClient httpClient(SSLContext tls) {
        return HttpClient.newBuilder().sslContext(tls).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A TLS context that trusts only the certificates in {@code file} (PEM, or PKCS12 with its password). */
    public static SSLContext trustOnly(Path file, String password) {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".p12") || name.endsWith(".pfx")) {
                try (InputStream in = Files.newInputStream(file)) {
                    trusted.load(in, password == null ? null : password.toCharArray());
                }
            } else {
                trusted.load(null, null);
                int n = 0;
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        trusted.setCertificateEntry("trusted-" + n++, c);
                    }
                }
                if (n == 0) {
                    throw new IllegalArgumentException("no certificate in " + file);
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust file " + file + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust " + file + ": " + e.getMessage(), e);
        }
    }

    private static HttpClient.Version version(String v) {
        if (v == null || v.isBlank()) {
            return null;
        }
        return switch (v.trim()) {
            case "2", "h2", "HTTP_2" -> HttpClient.Version.HTTP_2;
            case "1.1", "http/1.1", "HTTP_1_1" -> HttpClient.Version.HTTP_1_1;
            default -> throw new IllegalArgumentException(HTTP_PROPERTY + " is 2 or 1.1, not " + v);
        };
    }

    @Override
    public String name() {
        return "sse-kit Java EventSource " + version();
    }

    /** The kit's version, from the client jar's manifest when it has one. */
    public static String version() {
        String v = EventSource.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    @Override
    public List<String> capabilities() {
        return List.of("comments", "headers", "last-event-id", "post", "report", "read-timeout",
                "sse-kit:close-in-error-callback");
    }

    @Override
    public StreamClient open(StreamRequest r, Callbacks callbacks) {
        EventSource.Builder b = EventSource.builder(r.streamUrl());
        if (client != null) {
            b.httpClient(client);
        }
        b.httpVersion(version);
        if (r.initialDelayMs() != null) {
            b.reconnectionTime(Duration.ofMillis(r.initialDelayMs()));
        }
        if (r.readTimeoutMs() != null && r.readTimeoutMs() > 0) {
            b.readTimeout(Duration.ofMillis(r.readTimeoutMs()));
        }
        if (r.lastEventId() != null && !r.lastEventId().isEmpty()) {
            b.lastEventId(r.lastEventId());
        }
        b.headers(r.headers());
        if (r.method() != null) {
            if (r.body() != null) {
                b.method(r.method(), r.body());
            } else {
                b.method(r.method());
            }
        }
        EventSource[] self = new EventSource[1];
        b.onEvent(e -> callbacks.event(e.type(), e.data(), e.lastEventId()));
        b.onComment(callbacks::comment);
        b.onError(e -> {
            callbacks.error(describe(e));
            if (r.closeOnError()) {
                self[0].close();
            }
        });
        EventSource es = b.build();
        self[0] = es;
        es.start();
        return es::close;
    }

    private static String describe(ErrorEvent e) {
        return e.reason() + (e.message() == null ? "" : ": " + e.message())
                + (e.willReconnect() ? " (reconnecting in " + e.reconnectDelay().toMillis() + " ms)" : " (for good)");
    }
}
