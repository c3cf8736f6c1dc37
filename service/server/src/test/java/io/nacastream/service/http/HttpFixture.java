package io.nacastream.service.http;

import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * HTTP for tests: settings of a free port on the loopback address plus {@code key=value} overrides, a readiness whose
 * broker never answers, and GET requests with or without an {@code Authorization} header.
 */
final class HttpFixture {

    private HttpFixture() {
    }

    /** The HTTP settings of a free loopback port and {@code overrides} ("key=value"). */
    static HttpSettings http(String... overrides) {
        return Settings.of(config(overrides)).http();
    }

    /** The configuration of a free loopback port and {@code overrides} ("key=value"). */
    static ServiceConfig config(String... overrides) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("http.bind-address", "127.0.0.1");
        keys.put("http.port", "0");
        for (String o : overrides) {
            int eq = o.indexOf('=');
            keys.put(o.substring(0, eq), o.substring(eq + 1));
        }
        return ServiceConfig.of(keys, Map.of());
    }

    /** A readiness checking a broker that is not there (nothing listens on its port). */
    static Readiness readiness() {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();   // closed again: nothing listens there
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Readiness(io.nacastream.ingest.kafka.KafkaClientConfig.plaintext("127.0.0.1:" + deadPort),
                Duration.ofMillis(200), () -> true, () -> 1);
    }

    /** GET {@code url} with the header {@code Authorization: authorization} (null: none). */
    static HttpResponse<String> get(HttpClient client, String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
