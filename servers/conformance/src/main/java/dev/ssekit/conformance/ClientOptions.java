package dev.ssekit.conformance;

import dev.ssekit.protocol.EventSourceModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How the check talks to a target, in curl's terms: headers added to or removed from every request ({@code -H}), the
 * method and body of the requests for the checked stream ({@code -X}, {@code -d}), which certificates https trusts
 * ({@code -k}, {@code --cacert}, or a TLS context a test gives), how many redirects are followed ({@code --max-redirs})
 * and which HTTP is spoken ({@code --http1.1}, {@code --http2}; {@link HttpVersion}). Redirects that were
 * followed are logged here, so that a run can report the final URL.
 *
 * @param headers header name to value, applied last to every request; an empty value removes the header
 * @param method the stream request's method, or null for GET (POST when there is a body)
 * @param body the stream request's body, or null for none
 * @param insecure trust any certificate and any host name, as curl's {@code --insecure}
 * @param caFile PEM certificates to trust instead of the JDK's, or null
 * @param maxRedirects how many redirects one request follows (fetch's limit is 20); 0 follows none
 */
public final class ClientOptions {

    public static final int DEFAULT_MAX_REDIRECTS = 20;

    /** The kit's own product token; the rest of the request is what Chromium's EventSource sends. */
    static final String USER_AGENT = "sse-kit-check";

    /** What a check sends when the user says nothing: browser headers, the JDK's trust, fetch's redirect limit. */
    public static ClientOptions defaults() {
        return new ClientOptions(Map.of(), null, null, false, null, DEFAULT_MAX_REDIRECTS);
    }

    /** Header fields the check frames the request with itself. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding");

    private final Map<String, String> headers;
    private final String method;
    private final byte[] body;
    private final boolean insecure;
    private final Path caFile;
    private final int maxRedirects;
    private final HttpVersion httpVersion;
    /** Trusted instead of the JDK's, {@link #caFile} and {@link #insecure}: a test's own certificate; or null. */
    private final SSLContext tlsContext;
    /** Built on first use: one per options, so that TLS sessions are reused within a run. */
    private SSLContext context;
    private final List<Redirect> redirects = new ArrayList<>();

    /** A redirect that was followed. */
    public record Redirect(String from, int status, String to) {
        @Override
        public String toString() {
            return from + " -> " + status + " -> " + to;
        }
    }

    public ClientOptions(Map<String, String> headers, String method, byte[] body, boolean insecure, Path caFile,
            int maxRedirects) {
        this(headers, method, body, insecure, caFile, maxRedirects, HttpVersion.AUTO, null);
    }

    private ClientOptions(Map<String, String> headers, String method, byte[] body, boolean insecure, Path caFile,
            int maxRedirects, HttpVersion httpVersion, SSLContext tlsContext) {
        Map<String, String> h = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : (headers == null ? Map.<String, String>of() : headers).entrySet()) {
            h.put(checkName(e.getKey()), checkValue(e.getKey(), e.getValue()));
        }
        this.headers = Collections.unmodifiableMap(h);
        if (method != null && !method.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("not an HTTP method: " + method);
        }
        if (maxRedirects < 0) {
            throw new IllegalArgumentException("the redirect limit must be 0 or more, not " + maxRedirects);
        }
        this.method = method;
        this.body = body == null ? null : body.clone();
        this.insecure = insecure;
        this.caFile = caFile;
        this.maxRedirects = maxRedirects;
        this.httpVersion = httpVersion == null ? HttpVersion.AUTO : httpVersion;
        this.tlsContext = tlsContext;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String method() {
        return method;
    }

    public byte[] body() {
        return body == null ? null : body.clone();
    }

    public boolean insecure() {
        return insecure;
    }

    public Path caFile() {
        return caFile;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    /** The HTTP asked for; once a run has connected, the one it speaks ({@link Target#protocolName()}). */
    public HttpVersion httpVersion() {
        return httpVersion;
    }

    /** The TLS context given instead of the trust options, or null. */
    public SSLContext tlsContext() {
        return tlsContext;
    }

    /**
     * Parses curl's {@code Name: value}; {@code Name:} (nothing after the colon) removes a default header, as in curl.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Map.Entry<String, String> parseHeader(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a header is 'Name: value' (or 'Name:' to remove one), not \"" + line + "\"");
        }
        String name = line.substring(0, colon).strip();
        String value = line.substring(colon + 1).strip();
        return Map.entry(checkName(name), checkValue(name, value));
    }

    private static String checkName(String name) {
        if (name == null || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
            throw new IllegalArgumentException("not a header name: \"" + name + "\"");
        }
        if (FRAMING.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(name + " is set by the check from the body; it cannot be given");
        }
        return name;
    }

    private static String checkValue(String name, String value) {
        if (value == null || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("the value of " + name + " holds CR, LF or NUL");
        }
        return value;
    }

    public ClientOptions withHeaders(Map<String, String> v) {
        return new ClientOptions(v, method, body, insecure, caFile, maxRedirects, httpVersion, tlsContext);
    }

    public ClientOptions withStreamRequest(String m, byte[] b) {
        return new ClientOptions(headers, m, b, insecure, caFile, maxRedirects, httpVersion, tlsContext);
    }

    public ClientOptions withTls(boolean insecureTls, Path ca) {
        return new ClientOptions(headers, method, body, insecureTls, ca, maxRedirects, httpVersion, tlsContext);
    }

    public ClientOptions withMaxRedirects(int n) {
        return new ClientOptions(headers, method, body, insecure, caFile, n, httpVersion, tlsContext);
    }

    /** The same options speaking {@code v}. */
    public ClientOptions withHttpVersion(HttpVersion v) {
        return new ClientOptions(headers, method, body, insecure, caFile, maxRedirects, v, tlsContext);
    }

    /**
     * The same options trusting what {@code ctx} trusts (e.g. a test server's self-signed certificate), with host names
     * checked unless {@link #insecure()}; null goes back to the trust options.
     */
    public ClientOptions withTlsContext(SSLContext ctx) {
        return new ClientOptions(headers, method, body, insecure, caFile, maxRedirects, httpVersion, ctx);
    }

    /** The stream request's method: given, else POST with a body and GET without. */
    public String streamMethod() {
        return method != null ? method : body != null ? "POST" : "GET";
    }

    /** Whether the stream is read with something other than a plain GET. */
    public boolean customStreamRequest() {
        return method != null || body != null;
    }

    /**
     * The header fields of a request, in order: Chromium's EventSource set for a GET or the stream request
     * ({@code eventSource}; PROC-002: Accept, the two
     * no-cache headers, a kept-alive connection), then the request's own, then the user's ({@code -H}) over all of
     * them. Keys keep the case they were first given in.
     */
    Map<String, String> headerFields(boolean eventSource, Map<String, String> own) {
        Map<String, String> out = new LinkedHashMap<>();
        put(out, "User-Agent", USER_AGENT);
        if (eventSource) {
            new EventSourceModel(e -> { }).requestHeaders().forEach((k, v) -> put(out, k, v));
        } else {
            put(out, "Accept", "*/*");
        }
        // Chromium keeps the connection alive; a response's end is known from its framing, so no close is needed.
        put(out, "Connection", "keep-alive");
        own.forEach((k, v) -> put(out, k, v));
        headers.forEach((k, v) -> put(out, k, v));
        out.values().removeIf(String::isEmpty);
        return out;
    }

    private static void put(Map<String, String> m, String name, String value) {
        String key = m.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst().orElse(name);
        m.put(key, value);
    }

    /** The TLS socket factory of {@link #sslContext()}. */
    SSLSocketFactory tls() throws IOException {
        return sslContext().getSocketFactory();
    }

    /** The TLS context: one given, the JDK's, one trusting {@link #caFile()}, or one trusting anything. */
    synchronized SSLContext sslContext() throws IOException {
        if (tlsContext != null) {
            return tlsContext;
        }
        try {
            if (!insecure && caFile == null) {
                return SSLContext.getDefault();
            }
            if (context == null) {
                context = buildTls();
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
        return context;
    }

    private SSLContext buildTls() throws IOException, GeneralSecurityException {
        TrustManager[] trust;
        if (insecure) {
            trust = new TrustManager[] {new TrustAll()};
        } else {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(trustStore(caFile));
            trust = f.getTrustManagers();
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trust, null);
        return ctx;
    }

    /**
     * A key store of the PEM (or DER) certificates in {@code file}.
     *
     * @throws IOException when the file cannot be read or holds no certificate, naming the file
     */
    public static KeyStore trustStore(Path file) throws IOException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(file)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (GeneralSecurityException e) {
            throw new IOException(file + " holds no readable certificate (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new IOException(file + " holds no certificate");
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            return ks;
        } catch (GeneralSecurityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Where a request for {@code url} ended up after the redirects followed so far (itself when none); a loop ends
     * where it comes round again.
     */
    public String finalUrl(String url) {
        List<Redirect> all = redirects();
        java.util.Set<String> seen = new java.util.HashSet<>();
        String at = url;
        while (seen.add(at)) {
            String from = at;
            String next = all.stream().filter(r -> r.from().equals(from)).map(Redirect::to).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            at = next;
        }
        return at;
    }

    /** Records a redirect followed under these options. */
    void logRedirect(String from, int status, String to) {
        synchronized (redirects) {
            redirects.add(new Redirect(from, status, to));
        }
    }

    /** Every redirect followed under these options so far, in order. */
    public List<Redirect> redirects() {
        synchronized (redirects) {
            return List.copyOf(redirects);
        }
    }

    @Override
    public String toString() {
        // header names only: a value may be a credential
        return "ClientOptions" + headers.keySet() + (customStreamRequest() ? " " + streamMethod() : "")
                + (body == null ? "" : " body " + new String(body, StandardCharsets.UTF_8).length() + " chars")
                + (insecure ? " insecure" : "") + (caFile == null ? "" : " cacert " + caFile) + (tlsContext == null ? "" : " tlsContext")
                + " maxRedirects " + maxRedirects + " " + httpVersion;
    }

    /** Trusts every certificate; host names go unchecked too, since no endpoint identification is set. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // not a server
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // --insecure: anything goes
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
