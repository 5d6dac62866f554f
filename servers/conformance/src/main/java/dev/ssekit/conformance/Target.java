package dev.ssekit.conformance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLParameters;

/**
 * The server under test: where it listens, the prefix its {@code /api/...} paths live under, the event-stream
 * URL the generic checks read, and how requests reach it ({@link ClientOptions}: headers, the stream's method and
 * body, TLS trust, redirects). Built from any URL a user gives: the server's base ({@code http://h:p}) or its
 * stream ({@code http://h:p/api/sse}, {@code http://h:p/events?x=1}).
 */
public record Target(String scheme, String host, int port, String prefix, String streamPath, ClientOptions client) {

    private static final String API_SSE = "/api/sse";

    public Target {
        if (client == null) {
            client = ClientOptions.defaults();
        }
    }

    /** With the default client: browser headers, the JDK's trust, fetch's redirect limit. */
    public Target(String scheme, String host, int port, String prefix, String streamPath) {
        this(scheme, host, port, prefix, streamPath, null);
    }

    /** The same target, reached with {@code c}. */
    public Target withClient(ClientOptions c) {
        return new Target(scheme, host, port, prefix, streamPath, c);
    }

    /** Where a redirect leads: another origin and path, with the same client (and its log). */
    Target redirectedTo(URI to) {
        String s = to.getScheme() == null ? null : to.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(s) && !"https".equals(s)) {
            throw new IllegalArgumentException("not an http or https URL");
        }
        String h = to.getHost();
        if (h == null || h.isEmpty()) {
            throw new IllegalArgumentException("no host");
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        int p = to.getPort() != -1 ? to.getPort() : "https".equals(s) ? 443 : 80;
        String path = to.getRawPath() == null || to.getRawPath().isEmpty() ? "/" : to.getRawPath();
        return new Target(s, h, p, prefix, path + (to.getRawQuery() == null ? "" : "?" + to.getRawQuery()), client);
    }

    /** Whether {@code other} is the same origin (scheme, host, port). */
    boolean sameOrigin(Target other) {
        return scheme.equals(other.scheme) && host.equalsIgnoreCase(other.host) && port == other.port;
    }

    /**
     * Parses a user's URL. A bare base means the contract's {@code /api/sse}; a path ending in {@code /api/sse} puts the
     * base before it; any other path is an event stream of its own, with the server's base at the root.
     */
    public static Target of(String url) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: " + url + " (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("not an http or https URL: " + url);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("no host in " + url);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String query = uri.getRawQuery();
        if (path.isEmpty() || "/".equals(path)) {
            return new Target(scheme, host, port, "", API_SSE + (query == null ? "" : "?" + query));
        }
        String withQuery = path + (query == null ? "" : "?" + query);
        if (path.endsWith(API_SSE)) {
            return new Target(scheme, host, port, path.substring(0, path.length() - API_SSE.length()), withQuery);
        }
        if (path.endsWith("/")) {
            // a base with a prefix: http://h/app/ serves http://h/app/api/sse
            String prefix = path.substring(0, path.length() - 1);
            return new Target(scheme, host, port, prefix, prefix + API_SSE + (query == null ? "" : "?" + query));
        }
        return new Target(scheme, host, port, "", withQuery);
    }

    /** A local server, e.g. one a test started on port 0. */
    public static Target local(String host, int port) {
        return new Target("http", host, port, "", API_SSE);
    }

    /** {@code host:port}, the default name of a results file (with {@code -} for the colon). */
    public String defaultName() {
        return host.replace(':', '.') + "-" + port;
    }

    /** A contract path ({@code /api/stats}) under this target's prefix. */
    public String path(String contractPath) {
        return prefix + contractPath;
    }

    /** True when the given URL named no particular stream: the checks may pick the probe document. */
    public boolean streamIsContractDefault() {
        return streamPath.equals(prefix + API_SSE);
    }

    public String authority() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        boolean defaultPort = "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        return defaultPort ? h : h + ":" + port;
    }

    public String url(String path) {
        return scheme + "://" + authority() + path;
    }

    public String baseUrl() {
        return url(prefix);
    }

    public String streamUrl() {
        return url(streamPath);
    }

    /**
     * A connected socket. {@code receiveBuffer} above 0 shrinks SO_RCVBUF before connecting, so that the TCP window a
     * slow reader advertises is small.
     */
    Socket connect(int connectTimeoutMs, int receiveBuffer) throws IOException {
        return connect(connectTimeoutMs, receiveBuffer, HTTP_1_1_ONLY);
    }

    private static final String[] HTTP_1_1_ONLY = {"http/1.1"};
    private static final String[] H2_OR_HTTP_1_1 = {"h2", "http/1.1"};

    /** Whether requests go over HTTP/2: h2 over TLS, h2c over http. */
    public boolean isH2() {
        return client.httpVersion() == HttpVersion.HTTP_2;
    }

    /** The protocol requests go over: {@code http/1.1}, {@code h2} (TLS) or {@code h2c} (prior knowledge). */
    public String protocolName() {
        return !isH2() ? "http/1.1" : "https".equals(scheme) ? "h2" : "h2c";
    }

    /**
     * Connects once and settles the protocol ({@link HttpVersion#AUTO} included): https offers h2 and http/1.1 by ALPN
     * and takes what the server picks; {@code --http2} over TLS needs the server to pick h2, over http to answer the
     * connection preface (prior knowledge); everything else is HTTP/1.1. Returns the target speaking it.
     *
     * @throws IOException when nothing answers, or not with the protocol required
     */
    public Target negotiate(int connectTimeoutMs) throws IOException {
        HttpVersion v = client.httpVersion();
        if (v == HttpVersion.HTTP_2) {
            H2Connection.open(this, connectTimeoutMs).close();
            return this;
        }
        boolean offerH2 = v == HttpVersion.AUTO && "https".equals(scheme);
        try (Socket s = connect(connectTimeoutMs, 0, offerH2 ? H2_OR_HTTP_1_1 : HTTP_1_1_ONLY)) {
            s.getOutputStream().flush();
            boolean h2 = s instanceof SSLSocket tls && "h2".equals(tls.getApplicationProtocol());
            return withClient(client.withHttpVersion(h2 ? HttpVersion.HTTP_2 : HttpVersion.HTTP_1_1));
        }
    }

    private Socket connect(int connectTimeoutMs, int receiveBuffer, String[] alpn) throws IOException {
        Socket s = new Socket();
        try {
            if (receiveBuffer > 0) {
                s.setReceiveBufferSize(receiveBuffer);
            }
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if ("https".equals(scheme)) {
                SSLSocket tls = (SSLSocket) client.tls().createSocket(s, host, port, true);
                if (!client.insecure()) {
                    // the JDK's socket factory checks the chain only; the name is checked as a browser does
                    SSLParameters p = tls.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    tls.setSSLParameters(p);
                }
                SSLParameters p = tls.getSSLParameters();
                p.setApplicationProtocols(alpn);
                tls.setSSLParameters(p);
                tls.setSoTimeout(connectTimeoutMs);
                tls.startHandshake();
                return tls;
            }
            return s;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public String toString() {
        return streamUrl();
    }
}
