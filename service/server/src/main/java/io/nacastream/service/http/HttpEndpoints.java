package io.nacastream.service.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.dashboard.Dashboard;
import io.nacastream.service.dashboard.DashboardRoutes;
import io.nacastream.service.http.guard.GuardedServer;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.stream.ProcessorView;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The service's HTTP endpoints on Reactor Netty: {@code /health/live}, {@code /health/ready} (503 until ready),
 * {@code /metrics} (Prometheus text format) and {@code /models} (configuration and live models, JSON), with the TLS
 * and guard of {@code http.*} ({@link GuardedServer}).
 */
public final class HttpEndpoints implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final DisposableServer server;

    /** Serves on {@code http}'s address, port (0: a free port), TLS and guard until closed. */
    public HttpEndpoints(HttpSettings http, Readiness readiness, ServiceMetrics metrics,
                         Supplier<ObjectNode> modelInfo) {
        this(http, readiness, metrics, modelInfo, null);
    }

    /** As above, also serving {@code dashboard} (null: none) under {@code /dashboard/}. */
    public HttpEndpoints(HttpSettings http, Readiness readiness, ServiceMetrics metrics,
                         Supplier<ObjectNode> modelInfo, Dashboard dashboard) {
        this.server = GuardedServer.bind(http, http.port(), routes -> withDashboard(routes, dashboard)
                        .get("/health/live", (req, res) -> json(res, 200, JSON.createObjectNode().put("status", "UP")))
                        .get("/health/ready", (req, res) -> {
                            Readiness.Status s = readiness.status();
                            ObjectNode body = JSON.createObjectNode().put("status", s.ready() ? "READY" : "NOT_READY");
                            ObjectNode checks = body.putObject("checks");
                            checks.put("broker", s.brokerReachable()).put("partitionsAssigned", s.joined())
                                    .put("modelLoaded", s.modelLoaded());
                            body.put("partitions", s.partitions());
                            s.reason().ifPresent(r -> body.put("reason", r));
                            return json(res, s.ready() ? 200 : 503, body);
                        })
                        .get("/metrics", (req, res) -> res.header("Content-Type", PROMETHEUS)
                                .sendString(Mono.fromSupplier(metrics::scrape)))
                        .get("/models", (req, res) -> json(res, 200, modelInfo.get())));
    }

    private static HttpServerRoutes withDashboard(HttpServerRoutes routes, Dashboard dashboard) {
        return dashboard == null ? routes : DashboardRoutes.register(routes, dashboard);
    }

    /** The port actually bound. */
    public int port() {
        return server.port();
    }

    private static org.reactivestreams.Publisher<Void> json(HttpServerResponse res, int status, ObjectNode body) {
        String text;
        try {
            text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(body);
        } catch (Exception e) {
            return res.status(500).sendString(Mono.just(e.toString()));
        }
        return res.status(status).header("Content-Type", "application/json").sendString(Mono.just(text + "\n"));
    }

    /** Renders a host view as the {@code /models} document. */
    public static ObjectNode modelInfo(ProcessorView view, ObjectNode config) {
        ObjectNode body = JSON.createObjectNode();
        body.set("config", config);
        body.put("liveModels", view.models().size());
        ArrayNode partitions = body.putArray("partitions");
        view.partitions().forEach(partitions::add);
        ArrayNode models = body.putArray("models");
        for (ProcessorView.ModelInfo m : view.models()) {
            models.addObject().put("streamId", m.modelId()).put("partition", m.partition()).put("base", m.origin())
                    .put("events", m.events()).put("packets", m.packets()).put("lastEventUs", m.lastEventUs())
                    .put("savedAtMs", m.savedAtMs());
        }
        return body;
    }

    /** A JSON object to start model-info documents from. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
