package dev.ssekit.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate a reference server serves HTTPS with: a key store the user gives (PKCS12 or JKS, one private key
 * entry), or the kit's own self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, made by
 * the JDK's {@code keytool} on first use and kept in the user's data folder ({@link #dataFolder()}).
 *
 * @param keystore the key store file
 * @param password its password (also the key's)
 * @param generated whether this is the kit's generated certificate (clients must be told to trust it)
 */
public record ServerTls(Path keystore, String password, boolean generated) {

    /** The password of the generated key store: it guards a throw-away localhost key, not a secret. */
    public static final String SELF_SIGNED_PASSWORD = "sse-kit";
    static final String SELF_SIGNED_FILE = "localhost.p12";
    private static final String ALIAS = "sse-kit";
    private static final int VALID_DAYS = 365;
    private static final long KEYTOOL_TIMEOUT_S = 60;

    public ServerTls {
        if (keystore == null || password == null) {
            throw new IllegalArgumentException("a key store and its password are both needed");
        }
    }

    /** A key store the user gives; it is read (and its errors reported) by {@link #sslContext()}. */
    public static ServerTls keystore(Path file, String password) {
        return new ServerTls(file, password, false);
    }

    /**
     * The kit's self-signed certificate in {@code folder}, made there first when it is missing, unreadable or within a
     * day of its end.
     */
    public static ServerTls selfSigned(Path folder) {
        Path file = folder.resolve(SELF_SIGNED_FILE);
        ServerTls tls = new ServerTls(file, SELF_SIGNED_PASSWORD, true);
        if (!Files.isRegularFile(file) || !tls.usable()) {
            generate(file);
        }
        return tls;
    }

    /** The kit's self-signed certificate in {@link #dataFolder()}. */
    public static ServerTls selfSigned() {
        return selfSigned(dataFolder());
    }

    /**
     * Where the kit keeps what it makes for the user: {@code SSE_KIT_DATA} when set, else the platform's data folder
     * ({@code $XDG_DATA_HOME/sse-kit} or {@code ~/.local/share/sse-kit}, {@code ~/Library/Application Support/sse-kit}
     * on macOS, {@code %LOCALAPPDATA%\sse-kit} on Windows).
     */
    public static Path dataFolder() {
        String own = System.getenv("SSE_KIT_DATA");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return (local == null || local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local))
                    .resolve("sse-kit");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Application Support").resolve("sse-kit");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local").resolve("share") : Path.of(xdg)).resolve("sse-kit");
    }

    /** The key store, loaded; a clear message names the file when it cannot be read. */
    public KeyStore load() {
        String type = keystore.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the key store " + keystore + ": " + e.getMessage()
                    + (e.getCause() instanceof java.security.UnrecoverableKeyException ? " (wrong password?)" : ""), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store " + keystore + ": " + e, e);
        }
    }

    /** The server's certificate: the first one of the key store's first private key entry. */
    public X509Certificate certificate() {
        return certificateOf(load());
    }

    private X509Certificate certificateOf(KeyStore ks) {
        try {
            for (Enumeration<String> a = ks.aliases(); a.hasMoreElements(); ) {
                String alias = a.nextElement();
                if (ks.isKeyEntry(alias) && ks.getCertificate(alias) instanceof X509Certificate c) {
                    return c;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the key store " + keystore + ": " + e, e);
        }
        throw new IllegalArgumentException("the key store " + keystore + " has no private key with a certificate");
    }

    /** The key managers of this certificate, for a server that takes them rather than a context (Vert.x). */
    public KeyManagerFactory keyManagerFactory() {
        KeyStore ks = load();
        certificateOf(ks); // a store without a key entry is named here, not at the first handshake
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            return kmf;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use the key in " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** An SSL context that serves this certificate. */
    public SSLContext sslContext() {
        KeyManagerFactory kmf = keyManagerFactory();
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context for " + keystore, e);
        }
    }

    /** An SSL context for clients (tests, the Java client) that trusts this certificate only. */
    public SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry(ALIAS, certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client context for " + keystore, e);
        }
    }

    /**
     * The base64 SHA-256 of the certificate's public key, the form Chromium's
     * {@code --ignore-certificate-errors-spki-list} takes to trust this one certificate.
     */
    public String spkiSha256() {
        try {
            byte[] spki = certificate().getPublicKey().getEncoded();
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The certificate in PEM, for clients that trust a file (curl --cacert, node's NODE_EXTRA_CA_CERTS). */
    public String certificatePem() {
        try {
            Certificate c = certificate();
            String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(c.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + b64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private boolean usable() {
        try {
            certificate().checkValidity(new Date(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1)));
            return true;
        } catch (IllegalArgumentException | CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
    }

    /** Runs keytool into a file beside {@code file}, then moves it in place, so a reader never sees half a store. */
    private static void generate(Path file) {
        Path keytool = Path.of(System.getProperty("java.home"), "bin",
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win") ? "keytool.exe" : "keytool");
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), "localhost-", ".p12");
            Files.delete(tmp); // keytool creates it
            List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", ALIAS,
                    "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                    "-validity", String.valueOf(VALID_DAYS), "-dname", "CN=localhost, O=sse-kit (self-signed)",
                    "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:0:0:0:0:0:0:0:1", "-ext", "EKU=serverAuth",
                    "-keystore", tmp.toString(), "-storetype", "PKCS12",
                    "-storepass", SELF_SIGNED_PASSWORD, "-keypass", SELF_SIGNED_PASSWORD));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(keytool + " did not finish within " + KEYTOOL_TIMEOUT_S + " s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(keytool + " failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a self-signed certificate in " + file.getParent(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while making a self-signed certificate", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a leftover temporary file is harmless
                }
            }
        }
    }
}
