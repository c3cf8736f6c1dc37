package io.nacastream.service.http;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.command.Console;
import io.nacastream.service.command.ServiceMain;
import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardServer;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.ProcessorView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.nacastream.service.http.HttpFixture.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The guard of {@code http.auth.*} on a real socket: bearer and basic credentials on {@code /models} and the
 * dashboard, probes and metrics open unless asked, the same guard on the stand-alone dashboard server, the bind
 * address; and neither secret in anything logged or printed while the class runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpGuardTest {

    private static final String TOKEN = "Tk-9f2c.guard~token/AB+cd==";
    private static final String USER = "ops";
    private static final String PASSWORD = "correct horse:battery";
    private static final String BEARER = "Bearer realm=\"naca-stream\"";
    private static final String BASIC = "Basic realm=\"naca-stream\", charset=\"UTF-8\"";

    private static LogCapture logs;
    private static Readiness readiness;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The logs at the levels the service is deployed with (simplelogger.properties); a broker that is not there. */
    @BeforeAll
    static void captureTheLogs() {
        logs = new LogCapture();
        readiness = HttpFixture.readiness();
    }

    @AfterAll
    static void releaseTheLogs() {
        readiness.close();
        logs.close();
    }

    @Test
    @Order(1)
    void bearerGuardsModelsAndTheDashboardButNotTheProbesOrMetrics() throws Exception {
        try (HttpEndpoints http = endpoints("http.auth=bearer", "http.auth.token=" + TOKEN)) {
            String base = "http://127.0.0.1:" + http.port();
            for (String path : List.of("/models", "/dashboard/", "/dashboard/events", "/no-such-path")) {
                for (String wrong : new String[] {null, "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1),
                    "Bearer", "Token " + TOKEN, basic(USER, TOKEN)}) {
                    refused(get(client, base + path, wrong), BEARER);
                }
            }
            assertTrue(get(client, base + "/models", "Bearer " + TOKEN).body().contains("\"liveModels\" : 0"));
            assertEquals(200, get(client, base + "/dashboard/", "bearer  " + TOKEN).statusCode(), "any case");
            assertEquals(404, get(client, base + "/no-such-path", "Bearer " + TOKEN).statusCode());
            assertEquals(200, get(client, base + "/health/live", null).statusCode());
            assertEquals(200, get(client, base + "/metrics", null).statusCode());
            assertEquals(503, get(client, base + "/health/ready", null).statusCode(), "open, and not ready");
        }
    }

    @Test
    @Order(2)
    void theProbesAndMetricsAskForTheTokenWhenConfiguredTo() throws Exception {
        try (HttpEndpoints http = endpoints("http.auth=bearer", "http.auth.token=" + TOKEN, "http.auth.health=true",
                "http.auth.metrics=true")) {
            String base = "http://127.0.0.1:" + http.port();
            for (String path : List.of("/health/live", "/health/ready", "/metrics")) {
                refused(get(client, base + path, null), BEARER);
                refused(get(client, base + path, "Bearer wrong"), BEARER);
            }
            assertEquals(200, get(client, base + "/health/live", "Bearer " + TOKEN).statusCode());
            assertEquals(200, get(client, base + "/metrics", "Bearer " + TOKEN).statusCode());
            assertEquals(503, get(client, base + "/health/ready", "Bearer " + TOKEN).statusCode());
        }
    }

    @Test
    @Order(3)
    void basicGuardsLikewiseWithUserAndPassword() throws Exception {
        try (HttpEndpoints open = endpoints("http.auth=basic", "http.auth.user=" + USER,
                "http.auth.password=" + PASSWORD);
             HttpEndpoints guarded = endpoints("http.auth=basic", "http.auth.user=" + USER,
                     "http.auth.password=" + PASSWORD, "http.auth.health=true", "http.auth.metrics=true")) {
            String base = "http://127.0.0.1:" + open.port();
            for (String path : List.of("/models", "/dashboard/")) {
                for (String wrong : new String[] {null, basic(USER, PASSWORD + "x"), basic("root", PASSWORD),
                    basic(USER, ""), "Basic not*base64", "Bearer " + PASSWORD, basic(USER + ":" + PASSWORD, "")}) {
                    refused(get(client, base + path, wrong), BASIC);
                }
                assertEquals(200, get(client, base + path, basic(USER, PASSWORD)).statusCode(), path);
            }
            assertEquals(200, get(client, base + "/health/live", null).statusCode());
            assertEquals(200, get(client, base + "/metrics", null).statusCode());

            String strict = "http://127.0.0.1:" + guarded.port();
            for (String path : List.of("/health/live", "/metrics")) {
                refused(get(client, strict + path, null), BASIC);
                assertEquals(200, get(client, strict + path, basic(USER, PASSWORD)).statusCode(), path);
            }
        }
    }

    @Test
    @Order(4)
    void theStandAloneDashboardServerHasTheSameGuard() throws Exception {
        try (DashboardServer server = DashboardServer.start(HttpFixture.http("http.auth=bearer",
                "http.auth.token=" + TOKEN), dashboard())) {
            String base = "http://127.0.0.1:" + server.port();
            for (String path : List.of("/", "/dashboard/", "/dashboard/dashboard.js")) {
                refused(get(client, base + path, null), BEARER);
                refused(get(client, base + path, "Bearer " + PASSWORD), BEARER);
            }
            assertEquals(200, get(client, base + "/dashboard/dashboard.js", "Bearer " + TOKEN).statusCode());
            assertEquals(302, get(client, base + "/", "Bearer " + TOKEN).statusCode());
        }
    }

    @Test
    @Order(5)
    void theBindAddressDecidesWhichInterfacesServe() throws Exception {
        Optional<InetAddress> external = externalAddress();
        try (HttpEndpoints loopback = endpoints();
             HttpEndpoints everywhere = endpoints("http.bind-address=0.0.0.0")) {
            assertEquals(200, get(client, "http://127.0.0.1:" + loopback.port() + "/health/live", null).statusCode());
            assertEquals(200, get(client, "http://127.0.0.1:" + everywhere.port() + "/health/live", null)
                    .statusCode());
            if (external.isPresent()) {   // a host with a network interface besides loopback
                String host = external.get().getHostAddress();
                assertThrows(IOException.class, () -> get(client, "http://" + host + ":" + loopback.port()
                        + "/health/live", null), "127.0.0.1 listens on loopback only");
                assertEquals(200, get(client, "http://" + host + ":" + everywhere.port() + "/health/live", null)
                        .statusCode());
            }
        }
    }

    @Test
    @Order(6)
    void neitherSecretIsLoggedPrintedOrEchoedInAnError() {
        List<String> messages = new ArrayList<>();
        for (String[] args : new String[][] {
            {"--http.auth=basic", "--http.auth.user=" + USER, "--http.auth.password=" + PASSWORD,
                "--http.auth.token=" + TOKEN},
            {"--http.auth=bearer", "--http.auth.token=" + TOKEN + " " + PASSWORD},
            {"--http.auth=basic", "--http.auth.user=" + USER, "--http.auth.password=" + PASSWORD + "\u0007!"},
            {"--http.auth=none", "--http.auth.password=" + PASSWORD}}) {
            Console console = new Console();
            List<String> withBroker = new ArrayList<>(List.of(args));
            withBroker.add("--bootstrap.servers=127.0.0.1:9");
            assertEquals(2, ServiceMain.commandLine().execute(withBroker.toArray(String[]::new), console.context),
                    console.err());
            assertTrue(console.err().startsWith("configuration error: configuration key 'http.auth"), console.err());
            messages.add(console.out() + console.err());
            messages.add(assertThrows(IllegalArgumentException.class, () -> ServiceConfig.load(args, Map.of()))
                    .getMessage());
        }
        HttpSettings settings = HttpFixture.http("http.auth=basic", "http.auth.user=" + USER,
                "http.auth.password=" + PASSWORD);
        messages.add(settings.toString());
        messages.add(Settings.of(HttpFixture.config("http.auth=bearer", "http.auth.token=" + TOKEN)).toString());
        messages.add(logs.text());
        for (String text : messages) {
            for (String secret : List.of(TOKEN, PASSWORD, basic(USER, PASSWORD).substring("Basic ".length()))) {
                assertFalse(text.contains(secret), "a secret in: " + text);
            }
        }
    }

    /** Asserts {@code response} is the guard's refusal with {@code challenge}. */
    private static void refused(HttpResponse<String> response, String challenge) {
        assertEquals(401, response.statusCode(), response.uri().toString());
        assertEquals(challenge, response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"error\":\"unauthorized\""), response.body());
    }

    private static HttpEndpoints endpoints(String... overrides) {
        return new HttpEndpoints(HttpFixture.http(overrides), readiness, ServiceMetrics.disabled(),
                () -> HttpEndpoints.modelInfo(ProcessorView.EMPTY, HttpEndpoints.object()), dashboard());
    }

    private static Dashboard dashboard() {
        return new Dashboard(Clock.systemUTC(), ClassNames.dvsGesture(), 50);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** An IPv4 address of this host that is not loopback, if it has one. */
    private static Optional<InetAddress> externalAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(HttpGuardTest::upAndNotLoopback)
                .flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address).findFirst();
    }

    private static boolean upAndNotLoopback(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
