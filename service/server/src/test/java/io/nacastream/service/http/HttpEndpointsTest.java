package io.nacastream.service.http;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.ProcessorView;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP endpoints on a real socket, with a broker that does not answer. */
class HttpEndpointsTest {

    @Test
    void notReadyWhileTheBrokerIsUnreachableAndMetricsEmptyWhenDisabled() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();   // closed again: nothing listens there
        }
        try (Readiness readiness = new Readiness(KafkaClientConfig.plaintext("127.0.0.1:" + deadPort),
                Duration.ofMillis(200), () -> true, () -> 1);
             HttpEndpoints http = new HttpEndpoints(HttpFixture.http(), readiness, ServiceMetrics.disabled(),
                     () -> HttpEndpoints.modelInfo(ProcessorView.EMPTY, HttpEndpoints.object()))) {
            readiness.modelLoaded();
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + http.port();
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(URI.create(base + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"broker\" : false") && ready.body().contains("NOT_READY")
                    && ready.body().contains("\"reason\" : \"the broker does not answer"), ready.body());
            assertEquals(200, client.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertEquals("", metrics.body());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(base + "/models")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(models.body().contains("\"liveModels\" : 0"), models.body());
        }
    }
}
