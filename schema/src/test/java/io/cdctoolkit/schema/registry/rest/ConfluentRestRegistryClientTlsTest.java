package io.cdctoolkit.schema.registry.rest;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.cdctoolkit.engine.spi.RetryableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS trust and mTLS against an HTTPS server that demands a client certificate. The stores are made
 * by the JDK's own keytool: a server and a client key pair, each trusting the other's certificate.
 */
class ConfluentRestRegistryClientTlsTest {

    private static final Secret PASSWORD = new Secret("store-pw");

    @TempDir
    static Path dir;
    private static HttpsServer server;

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static void keyPair(String name, String san) throws IOException, InterruptedException {
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", dir.resolve(name + ".p12").toString(), "-storepass", PASSWORD.value());
        keytool("-exportcert", "-alias", name, "-keystore", dir.resolve(name + ".p12").toString(),
                "-storepass", PASSWORD.value(), "-file", dir.resolve(name + ".crt").toString());
    }

    private static void trust(String store, String certificate) throws IOException, InterruptedException {
        keytool("-importcert", "-noprompt", "-alias", certificate, "-file", dir.resolve(certificate + ".crt").toString(),
                "-storetype", "PKCS12", "-keystore", dir.resolve(store + ".p12").toString(), "-storepass", PASSWORD.value());
    }

    private static KeyStoreFile store(String name) {
        return KeyStoreFile.pkcs12(dir.resolve(name + ".p12"), PASSWORD);
    }

    @BeforeAll
    static void startServer() throws Exception {
        keyPair("server", "ip:127.0.0.1");
        keyPair("client", "dns:client");
        trust("client-trust", "server");
        trust("server-trust", "client");

        SSLContext serverContext = new TlsSettings(Optional.of(store("server-trust")), Optional.of(store("server"))).sslContext();
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = serverContext.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/", exchange -> {
            byte[] body = "[\"over-mtls\"]".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.stop(0);
    }

    private static RestRegistrySettings settings(TlsSettings tls) {
        return RestRegistrySettings.of("https://127.0.0.1:" + server.getAddress().getPort())
                .withTls(tls)
                .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withRetry(new RetryPolicy(1, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void mutualTlsWithTheClientsKeyStoreAndTrustStore() {
        TlsSettings tls = new TlsSettings(Optional.of(store("client-trust")), Optional.of(store("client")));
        try (ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(settings(tls))) {
            assertThat(client.subjects()).containsExactly("over-mtls");
            assertThat(client.describe()).contains("mTLS").doesNotContain(PASSWORD.value());
        }
    }

    @Test
    void withoutAClientCertificateTheServerRefuses() {
        TlsSettings trustOnly = new TlsSettings(Optional.of(store("client-trust")), Optional.empty());
        try (ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(settings(trustOnly))) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class);
        }
    }

    @Test
    void withoutTrustInTheServersCertificateTheClientRefuses() {
        try (ConfluentRestRegistryClient client = new ConfluentRestRegistryClient(settings(
                new TlsSettings(Optional.empty(), Optional.of(store("client")))))) {
            assertThatThrownBy(client::subjects).isInstanceOf(RetryableException.class)
                    .rootCause().hasMessageContaining("certification path");
        }
    }

    @Test
    void aWrongStorePasswordIsReportedWithoutTheValues() {
        KeyStoreFile wrong = KeyStoreFile.pkcs12(dir.resolve("client.p12"), new Secret("not-the-pw"));
        assertThatThrownBy(() -> new ConfluentRestRegistryClient(settings(new TlsSettings(Optional.empty(), Optional.of(wrong)))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client.p12")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("not-the-pw"));
    }
}
