package io.nacastream.service.http.guard;

import io.nacastream.service.config.HttpSettings;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRoutes;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * An HTTP server as {@code http.*} sets it up: listening on {@code http.bind-address}, speaking HTTPS with a keystore
 * ({@link HttpTls}) and asking for credentials on the guarded paths ({@link HttpGuard}); what the service's endpoints
 * and a bounded run's dashboard both serve on.
 */
public final class GuardedServer {

    private GuardedServer() {
    }

    /** Binds {@code routes} on {@code http}'s address and {@code port} (0: a free port) and serves until disposed. */
    public static DisposableServer bind(HttpSettings http, int port, Consumer<? super HttpServerRoutes> routes) {
        HttpServer server = HttpServer.create().host(http.bindAddress()).port(port);
        if (http.tls().enabled()) {
            Http11SslContextSpec tls = HttpTls.serverSpec(http.tls());
            server = server.secure(spec -> spec.sslContext(tls));
        }
        HttpServerRoutes handlers = HttpServerRoutes.newRoutes();
        routes.accept(handlers);
        return server.handle(HttpGuard.of(http.auth()).around(handlers)).bindNow(Duration.ofSeconds(10));
    }
}
