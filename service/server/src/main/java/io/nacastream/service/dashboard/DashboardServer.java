package io.nacastream.service.dashboard;

import io.nacastream.service.config.HttpSettings;
import io.nacastream.service.http.guard.GuardedServer;
import reactor.netty.DisposableServer;

import java.time.Duration;

/**
 * A stand-alone HTTP server for the dashboard, for runs that have no service endpoints (the main job). If the
 * configured port is taken it binds a free one instead, so a demo never fails for a busy port; {@link #port()} tells.
 * It has the bind address, TLS and guard of the service's endpoints ({@link GuardedServer}).
 */
public final class DashboardServer implements AutoCloseable {

    private final DisposableServer server;
    private final boolean fallback;

    private DashboardServer(DisposableServer server, boolean fallback) {
        this.server = server;
        this.fallback = fallback;
    }

    /** Serves {@code dashboard} as {@code http} says (port 0: a free port), or on a free port if that one is taken. */
    public static DashboardServer start(HttpSettings http, Dashboard dashboard) {
        try {
            return new DashboardServer(bind(http, http.port(), dashboard), false);
        } catch (IllegalArgumentException e) {
            throw e;   // the keystore cannot be used: another port would not help
        } catch (RuntimeException e) {
            if (http.port() == 0) {
                throw e;
            }
            return new DashboardServer(bind(http, 0, dashboard), true);
        }
    }

    private static DisposableServer bind(HttpSettings http, int port, Dashboard dashboard) {
        return GuardedServer.bind(http, port, routes -> DashboardRoutes.register(routes, dashboard)
                .get("/", (req, res) -> res.status(302).header("Location", "/dashboard/").send()));
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
