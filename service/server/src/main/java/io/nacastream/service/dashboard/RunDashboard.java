package io.nacastream.service.dashboard;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.config.HttpSettings;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The dashboard of a bounded run (the main job, {@code bench accuracy}, {@code bench continual}): started on
 * {@code http.bind-address:http.port} (with its TLS and guard) when {@code dashboard.enabled} and the port is not -1,
 * its address printed; on close it stays up {@code dashboard.hold-s} seconds more so the end of the run can still be
 * looked at.
 */
public final class RunDashboard implements AutoCloseable {

    private final Dashboard dashboard;
    private final DashboardServer server;
    private final String scheme;
    private final long holdMs;
    private final PrintStream out;

    private RunDashboard(Dashboard dashboard, DashboardServer server, String scheme, long holdMs, PrintStream out) {
        this.dashboard = dashboard;
        this.server = server;
        this.scheme = scheme;
        this.holdMs = holdMs;
        this.out = out;
    }

    /** Starts the run's dashboard (or none, as {@code http} says) and prints where it is. */
    public static RunDashboard start(HttpSettings http, ClassNames classes, Clock clock, PrintStream out) {
        Dashboard dashboard = Dashboard.configured(http, classes, clock);
        if (dashboard == null) {
            return new RunDashboard(null, null, "", 0, out);
        }
        DashboardServer server = DashboardServer.start(http, dashboard);
        out.printf("dashboard: %s://localhost:%d/dashboard/%s%n", http.scheme(), server.port(),
                server.fellBack() ? " (port " + http.port() + " is taken)" : "");
        return new RunDashboard(dashboard, server, http.scheme(), http.dashboardHold().toMillis(), out);
    }

    /** What the run feeds: the dashboard, or a feed that ignores everything. */
    public DashboardFeed feed() {
        return dashboard == null ? DashboardFeed.NONE : dashboard;
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        try {
            if (holdMs > 0) {
                out.printf("dashboard: still at %s://localhost:%d/dashboard/ for %d s (dashboard.hold-s)%n",
                        scheme, server.port(), holdMs / 1000);
                Thread.sleep(holdMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }
}
