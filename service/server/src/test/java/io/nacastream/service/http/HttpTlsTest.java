package io.nacastream.service.http;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardServer;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.ProcessorView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static io.nacastream.service.http.HttpFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTPS from {@code http.tls.*} on a real socket, with a throw-away self-signed keystore made by keytool: the service's
 * endpoints and the dashboard server answer a client that trusts the certificate, plain HTTP gets nothing, and a
 * keystore that cannot be opened fails the start naming the key, never the password.
 */
class HttpTlsTest {

    private static final String PASSWORD = "keystore-Secret-42";

    @TempDir
    static Path dir;
    private static Path pkcs12;
    private static Path jks;

    @BeforeAll
    static void makeKeystores() throws Exception {
        pkcs12 = keystore("server.p12", "PKCS12");
        jks = keystore("server.jks", "JKS");
    }

    @Test
    void theEndpointsSpeakHttpsWithTheKeystoreAndNothingPlain() throws Exception {
        HttpClient trusting = trustingClient(pkcs12, "PKCS12");
        try (Readiness readiness = HttpFixture.readiness();
             HttpEndpoints http = new HttpEndpoints(tls(pkcs12, "PKCS12", "http.auth=bearer",
                     "http.auth.token=tls-token"), readiness, ServiceMetrics.disabled(),
                     () -> HttpEndpoints.modelInfo(ProcessorView.EMPTY, HttpEndpoints.object()))) {
            String base = "https://127.0.0.1:" + http.port();
            assertEquals(200, get(trusting, base + "/health/live", null).statusCode());
            assertEquals(401, get(trusting, base + "/models", null).statusCode(), "TLS and the guard together");
            HttpResponse<String> models = get(trusting, base + "/models", "Bearer tls-token");
            assertEquals(200, models.statusCode());
            assertEquals("TLSv1.3", models.sslSession().orElseThrow().getProtocol());

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String cleartext = "http://127.0.0.1:" + http.port() + "/health/live";
            try {
                assertNotEquals(200, get(plain, cleartext, null).statusCode(), "plain HTTP on the TLS port");
            } catch (IOException refused) {
                // the server dropped the connection: not a TLS record
            }
            assertThrows(IOException.class, () -> get(plain, base + "/health/live", null),
                    "a client that does not trust the certificate");
        }
    }

    @Test
    void theDashboardServerSpeaksHttpsWithAJksKeystoreToo() throws Exception {
        try (DashboardServer server = DashboardServer.start(tls(jks, "JKS"),
                new Dashboard(Clock.systemUTC(), ClassNames.dvsGesture(), 50))) {
            HttpResponse<String> page = get(trustingClient(jks, "JKS"),
                    "https://127.0.0.1:" + server.port() + "/dashboard/", null);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("dashboard.js"));
        }
    }

    @Test
    void aKeystoreThatCannotBeOpenedFailsTheStartNamingTheKey() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.p12"), "not a keystore");
        String wrongPassword = "not-the-Password-17";
        List<HttpSettings> broken = List.of(
                HttpFixture.http("http.tls.keystore=" + pkcs12, "http.tls.keystore-password=" + wrongPassword),
                HttpFixture.http("http.tls.keystore=" + jks, "http.tls.keystore-password=" + wrongPassword,
                        "http.tls.keystore-type=JKS"),
                HttpFixture.http("http.tls.keystore=" + garbage, "http.tls.keystore-password=" + PASSWORD));
        Dashboard dashboard = new Dashboard(Clock.systemUTC(), ClassNames.dvsGesture(), 50);
        try (Readiness readiness = HttpFixture.readiness()) {
            for (HttpSettings settings : broken) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> new HttpEndpoints(settings, readiness, ServiceMetrics.disabled(), HttpEndpoints::object)
                                .close());
                assertTrue(e.getMessage().startsWith("configuration key 'http.tls.keystore': cannot open "),
                        e.getMessage());
                for (Throwable t = e; t != null; t = t.getCause()) {
                    assertFalse(String.valueOf(t.getMessage()).contains(wrongPassword), t.toString());
                    assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD), t.toString());
                }
                assertThrows(IllegalArgumentException.class, () -> DashboardServer.start(settings, dashboard).close());
            }
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HttpFixture.http("http.tls.keystore=" + dir.resolve("absent.p12"),
                        "http.tls.keystore-password=" + PASSWORD));
        assertTrue(missing.getMessage().startsWith("configuration key 'http.tls.keystore' must be empty (plain HTTP) "
                + "or a readable keystore file"), missing.getMessage());
        IllegalArgumentException noPassword = assertThrows(IllegalArgumentException.class,
                () -> HttpFixture.http("http.tls.keystore=" + pkcs12));
        assertEquals("configuration key 'http.tls.keystore' needs 'http.tls.keystore-password'",
                noPassword.getMessage());
    }

    /** HTTPS with {@code keystore} of {@code type} on a free loopback port, plus {@code overrides}. */
    private static HttpSettings tls(Path keystore, String type, String... overrides) {
        String[] keys = new String[overrides.length + 3];
        keys[0] = "http.tls.keystore=" + keystore;
        keys[1] = "http.tls.keystore-password=" + PASSWORD;
        keys[2] = "http.tls.keystore-type=" + type;
        System.arraycopy(overrides, 0, keys, 3, overrides.length);
        return HttpFixture.http(keys);
    }

    /** A keystore {@code name} of {@code type} with a self-signed key pair for 127.0.0.1 and localhost, by keytool. */
    private static Path keystore(String name, String type) throws Exception {
        Path file = dir.resolve(name);
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "naca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", type,
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertEquals(0, keytool.waitFor(), output);
        return file;
    }

    /** A client that trusts the certificate in {@code keystore} and nothing else. */
    private static HttpClient trustingClient(Path keystore, String type) throws Exception {
        KeyStore server = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(keystore)) {
            server.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", server.getCertificate("naca"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
