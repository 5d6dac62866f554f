package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {

    @Test
    @DisplayName("[KIT-017] the self-signed certificate is made once, names localhost and 127.0.0.1, and is kept")
    void selfSignedIsMadeOnceAndKept(@TempDir Path dir) throws Exception {
        ServerTls tls = ServerTls.selfSigned(dir);
        X509Certificate c = tls.certificate();
        String sans = String.valueOf(c.getSubjectAlternativeNames());
        assertTrue(sans.contains("localhost") && sans.contains("127.0.0.1"), sans);
        long made = Files.getLastModifiedTime(tls.keystore()).toMillis();
        ServerTls again = ServerTls.selfSigned(dir);
        assertEquals(made, Files.getLastModifiedTime(again.keystore()).toMillis(), "kept, not made again");
        assertEquals(tls.spkiSha256(), again.spkiSha256());
        assertNotNull(tls.sslContext());
        assertTrue(tls.certificatePem().startsWith("-----BEGIN CERTIFICATE-----\n"));
    }

    @Test
    @DisplayName("[KIT-017] a key store that cannot be read is named, with the reason")
    void badKeystoreIsNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.p12");
        Files.writeString(f, "not a key store");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.keystore(f, "x").sslContext());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
        ServerTls good = ServerTls.selfSigned(dir);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> ServerTls.keystore(good.keystore(), "wrong").sslContext());
        assertTrue(wrong.getMessage().contains(good.keystore().toString()), wrong.getMessage());
    }
}
