package io.nacastream.service.dashboard;

import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's HTTP routes on the service's Reactor Netty server: the page and its assets under
 * {@code /dashboard/} (bundled in the jar, nothing from a CDN) and {@code /dashboard/events?stream=ID}, a
 * Server-Sent Events stream that pushes the stream's frame 20 times a second and the overview and learning
 * curves twice a second. Without {@code stream} it follows the stream that sent the latest packet.
 */
public final class DashboardRoutes {

    /** Time between two frames of the event view. */
    static final Duration FRAME = Duration.ofMillis(StreamPanel.FRAME_MS);
    /** Frames between two overview and learning messages. */
    static final int FRAMES_PER_OVERVIEW = 10;
    /** A viewer following the most active stream stays on it while it sent a packet within this many ms. */
    static final long STICKY_MS = 2_000;

    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "dashboard.js", "text/javascript; charset=utf-8",
            "dashboard.css", "text/css; charset=utf-8");

    private DashboardRoutes() {
    }

    /** Adds the dashboard's routes for {@code dashboard} to {@code routes}. */
    public static HttpServerRoutes register(HttpServerRoutes routes, Dashboard dashboard) {
        Map<String, byte[]> assets = load();
        return routes
                .get("/dashboard", (req, res) -> res.status(302).header("Location", "/dashboard/").send())
                .get("/dashboard/", (req, res) -> asset(res, assets, "index.html"))
                .get("/dashboard/events", (req, res) -> {
                    String stream = param(req.uri(), "stream");
                    return res.header("Content-Type", "text/event-stream; charset=utf-8")
                            .header("Cache-Control", "no-cache")
                            .sendString(events(dashboard, stream), StandardCharsets.UTF_8);
                })
                .get("/dashboard/{file}", (req, res) -> asset(res, assets, req.param("file")));
    }

    /** The SSE text for one viewer of {@code stream} (empty: the most recently active stream at each frame). */
    static Flux<String> events(Dashboard dashboard, String stream) {
        return Flux.defer(() -> {
            String[] following = {""};   // this viewer's stream when it picked none
            return Flux.interval(Duration.ZERO, FRAME)
                    .onBackpressureDrop()
                    .concatMap(tick -> {
                        if (stream.isEmpty()) {
                            following[0] = dashboard.activeStream(following[0], STICKY_MS);
                        }
                        return Flux.fromIterable(messages(dashboard, stream.isEmpty() ? following[0] : stream, tick));
                    }, 1)
                    .doOnSubscribe(s -> dashboard.viewer(1))
                    .doFinally(signal -> dashboard.viewer(-1));   // a viewer that leaves stops its timer
        });
    }

    private static List<String> messages(Dashboard dashboard, String stream, long tick) {
        String frame = stream.isEmpty() ? null : dashboard.frame(stream);
        String frameEvent = frame == null ? ": waiting for events\n\n" : "event: frame\ndata: " + frame + "\n\n";
        if (tick % FRAMES_PER_OVERVIEW != 0) {
            return List.of(frameEvent);
        }
        String learning = stream.isEmpty() ? null : dashboard.learning(stream);
        String overview = "event: overview\ndata: " + dashboard.overview() + "\n\n";
        return learning == null ? List.of(overview, frameEvent)
                : List.of(overview, "event: learning\ndata: " + learning + "\n\n", frameEvent);
    }

    private static Publisher<Void> asset(HttpServerResponse res, Map<String, byte[]> assets, String name) {
        byte[] body = assets.get(name);
        if (body == null) {
            return res.status(404).header("Content-Type", "text/plain; charset=utf-8")
                    .sendString(Mono.just("no such dashboard file: " + name + "\n"));
        }
        return res.header("Content-Type", ASSETS.get(name)).header("Cache-Control", "no-cache")
                .sendByteArray(Mono.just(body));
    }

    private static String param(String uri, String name) {
        List<String> values = new QueryStringDecoder(uri).parameters().get(name);
        return values == null || values.isEmpty() ? "" : values.get(0).trim();
    }

    private static Map<String, byte[]> load() {
        Map<String, byte[]> loaded = new HashMap<>();
        for (String name : ASSETS.keySet()) {
            try (InputStream in = DashboardRoutes.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("dashboard asset missing from the jar: " + name);
                }
                loaded.put(name, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dashboard asset " + name, e);
            }
        }
        return Map.copyOf(loaded);
    }
}
