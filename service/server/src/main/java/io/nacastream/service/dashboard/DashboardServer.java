package io.nacastream.service.dashboard;

import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import java.time.Duration;

/**
 * A stand-alone HTTP server for the dashboard, for runs that have no service endpoints (the main job). If the
 * configured port is taken it binds a free one instead, so a demo never fails for a busy port; {@link #port()} tells.
 */
public final class DashboardServer implements AutoCloseable {

    private final DisposableServer server;
    private final boolean fallback;

    private DashboardServer(DisposableServer server, boolean fallback) {
        this.server = server;
        this.fallback = fallback;
    }

    /** Serves {@code dashboard} on {@code host:port} (0: a free port), or on a free port if that one is taken. */
    public static DashboardServer start(String host, int port, Dashboard dashboard) {
        try {
            return new DashboardServer(bind(host, port, dashboard), false);
        } catch (RuntimeException e) {
            if (port == 0) {
                throw e;
            }
            return new DashboardServer(bind(host, 0, dashboard), true);
        }
    }

    private static DisposableServer bind(String host, int port, Dashboard dashboard) {
        return HttpServer.create().host(host).port(port)
                .route(routes -> DashboardRoutes.register(routes, dashboard)
                        .get("/", (req, res) -> res.status(302).header("Location", "/dashboard/").send()))
                .bindNow(Duration.ofSeconds(10));
    }

    /** The port bound. */
    public int port() {
        return server.port();
    }

    /** True if the configured port was taken and a free one was bound instead. */
    public boolean fellBack() {
        return fallback;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
