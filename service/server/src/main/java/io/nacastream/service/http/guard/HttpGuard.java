package io.nacastream.service.http.guard;

import io.nacastream.service.config.HttpSettings;
import io.netty.handler.codec.http.HttpHeaderNames;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Who may call which path ({@code http.auth.*}): with a mode other than none, every path asks for the configured
 * credentials but the health probes and {@code /metrics}, which ask only when {@code http.auth.health} or
 * {@code http.auth.metrics} say so. A request without them gets 401 with a {@code WWW-Authenticate} challenge. The
 * presented and the expected credential are compared as SHA-256 digests in constant time, so neither their content
 * nor their length shows in the answer's timing.
 */
final class HttpGuard {

    private static final String REALM = "naca-stream";
    private static final Set<String> PROBES = Set.of("/health/live", "/health/ready");
    private static final String METRICS = "/metrics";
    private static final String REFUSAL = "{\"status\":401,\"error\":\"unauthorized\"}\n";

    private final HttpSettings.Auth auth;
    private final byte[] expected;

    private HttpGuard(HttpSettings.Auth auth, byte[] expected) {
        this.auth = auth;
        this.expected = expected;
    }

    /** The guard of {@code auth}. */
    static HttpGuard of(HttpSettings.Auth auth) {
        String credential = switch (auth.mode()) {
            case NONE -> "";
            case BEARER -> auth.token();
            case BASIC -> auth.user() + ":" + auth.password();
        };
        return new HttpGuard(auth, digest(credential.getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code handler} behind this guard: a guarded path without valid credentials is answered 401 instead. */
    BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> around(
            BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
        return (req, res) -> {
            boolean refused = guards(req.fullPath())
                    && !admits(req.requestHeaders().get(HttpHeaderNames.AUTHORIZATION));
            return refused ? refuse(res) : handler.apply(req, res);
        };
    }

    /** True when {@code path} asks for credentials. */
    private boolean guards(String path) {
        if (auth.mode() == HttpSettings.AuthMode.NONE) {
            return false;
        }
        if (PROBES.contains(path)) {
            return auth.health();
        }
        return !path.equals(METRICS) || auth.metrics();
    }

    /** True when the {@code Authorization} header {@code authorization} (null: none) carries the credential. */
    private boolean admits(String authorization) {
        if (authorization == null) {
            return false;
        }
        String header = authorization.strip();
        int space = header.indexOf(' ');
        if (space < 0 || !header.substring(0, space).equalsIgnoreCase(scheme())) {
            return false;
        }
        String presented = header.substring(space + 1).strip();
        byte[] credential;
        if (auth.mode() == HttpSettings.AuthMode.BASIC) {
            try {
                credential = Base64.getDecoder().decode(presented);
            } catch (IllegalArgumentException e) {
                return false;
            }
        } else {
            credential = presented.getBytes(StandardCharsets.UTF_8);
        }
        return MessageDigest.isEqual(digest(credential), expected);
    }

    /** The challenge of a 401 answer. */
    private String challenge() {
        return auth.mode() == HttpSettings.AuthMode.BASIC
                ? scheme() + " realm=\"" + REALM + "\", charset=\"UTF-8\"" : scheme() + " realm=\"" + REALM + "\"";
    }

    private String scheme() {
        String id = auth.mode().id();
        return id.substring(0, 1).toUpperCase(Locale.ROOT) + id.substring(1);
    }

    private Publisher<Void> refuse(HttpServerResponse res) {
        return res.status(401).header(HttpHeaderNames.WWW_AUTHENTICATE, challenge())
                .header(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .sendString(Mono.just(REFUSAL));
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
