package io.nacastream.service.dashboard;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.service.config.HttpSettings;

import java.io.PrintStream;
import java.time.Clock;

/**
 * The dashboard of a bounded run (the main job, {@code bench accuracy}, {@code bench continual}): started on
 * {@code http.host:http.port} when {@code dashboard.enabled} and the port is not -1, its address printed; on close it
 * stays up {@code dashboard.hold-s} seconds more so the end of the run can still be looked at.
 */
public final class RunDashboard implements AutoCloseable {

    private final Dashboard dashboard;
    private final DashboardServer server;
    private final long holdMs;
    private final PrintStream out;

    private RunDashboard(Dashboard dashboard, DashboardServer server, long holdMs, PrintStream out) {
        this.dashboard = dashboard;
        this.server = server;
        this.holdMs = holdMs;
        this.out = out;
    }

    /** Starts the run's dashboard (or none, as {@code http} says) and prints where it is. */
    public static RunDashboard start(HttpSettings http, ClassNames classes, Clock clock, PrintStream out) {
        Dashboard dashboard = Dashboard.configured(http, classes, clock);
        if (dashboard == null) {
            return new RunDashboard(null, null, 0, out);
        }
        DashboardServer server = DashboardServer.start(http.host(), http.port(), dashboard);
        out.printf("dashboard: http://localhost:%d/dashboard/%s%n", server.port(),
                server.fellBack() ? " (port " + http.port() + " is taken)" : "");
        return new RunDashboard(dashboard, server, http.dashboardHold().toMillis(), out);
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
                out.printf("dashboard: still at http://localhost:%d/dashboard/ for %d s (dashboard.hold-s)%n",
                        server.port(), holdMs / 1000);
                Thread.sleep(holdMs);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close();
        }
    }
}
