package io.nacastream.service.config;

import java.time.Duration;

/**
 * What HTTP serves, for the service and for bounded runs alike: the address and the live dashboard
 * ({@code http.*}, {@code dashboard.*}).
 *
 * @param host            address the HTTP endpoints listen on
 * @param port            port of the endpoints; 0 picks a free port, -1 disables HTTP
 * @param dashboard       serve the live dashboard at /dashboard/
 * @param dashboardWindow gestures in the dashboard's windowed accuracy and kappa
 * @param dashboardHold   how long a bounded run keeps its dashboard up after it ends
 */
public record HttpSettings(String host, int port, boolean dashboard, int dashboardWindow, Duration dashboardHold) {

    /** The HTTP settings of {@code config}. */
    static HttpSettings of(ServiceConfig config) {
        return new HttpSettings(config.string("http.host"), config.integer("http.port"),
                config.bool("dashboard.enabled"), config.integer("dashboard.window"),
                Duration.ofSeconds(config.longValue("dashboard.hold-s")));
    }

    /** True unless HTTP is disabled (port -1). */
    public boolean enabled() {
        return port >= 0;
    }

    /** True when the live dashboard is served: it is enabled and so is HTTP. */
    public boolean servesDashboard() {
        return dashboard && enabled();
    }
}
