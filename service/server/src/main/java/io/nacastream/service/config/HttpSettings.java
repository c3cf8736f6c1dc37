package io.nacastream.service.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What HTTP serves, for the service and for bounded runs alike: the address, TLS, who may call it and the live
 * dashboard ({@code http.*}, {@code dashboard.*}).
 *
 * @param bindAddress     address the HTTP server listens on
 * @param port            port of the endpoints; 0 picks a free port, -1 disables HTTP
 * @param tls             the server's keystore, if it speaks HTTPS
 * @param auth            who may call the guarded paths
 * @param dashboard       serve the live dashboard at /dashboard/
 * @param dashboardWindow gestures in the dashboard's windowed accuracy and kappa
 * @param dashboardHold   how long a bounded run keeps its dashboard up after it ends
 */
public record HttpSettings(String bindAddress, int port, Tls tls, Auth auth, boolean dashboard, int dashboardWindow,
                           Duration dashboardHold) {

    /** {@code http.tls.keystore}: empty, or a file that exists and can be read. */
    static final Validator KEYSTORE_FILE = new Validator("empty (plain HTTP) or a readable keystore file",
            v -> v.isEmpty() || Files.isReadable(Path.of(v)) && !Files.isDirectory(Path.of(v)));

    /** {@code http.auth.token}: empty, or what an {@code Authorization: Bearer} header can carry (RFC 6750 token68). */
    static final Validator TOKEN = new Validator("empty or token68 characters (letters, digits, - . _ ~ + / and "
            + "trailing =)", Pattern.compile("([A-Za-z0-9._~+/-]+=*)?").asMatchPredicate());

    /** {@code http.auth.user}: what a Basic credential can carry as its user (RFC 7617). */
    static final Validator USER = new Validator("without ':' or control characters",
            Pattern.compile("[^:\\p{Cntrl}]*").asMatchPredicate());

    /** {@code http.auth.password}: what a Basic credential can carry as its password (RFC 7617). */
    static final Validator PASSWORD = new Validator("without control characters",
            Pattern.compile("\\P{Cntrl}*").asMatchPredicate());

    /** How callers of the guarded paths authenticate ({@code http.auth}). */
    public enum AuthMode {
        /** Nobody: every path is open. */
        NONE,
        /** {@code Authorization: Bearer <http.auth.token>}: for API clients. */
        BEARER,
        /** {@code Authorization: Basic} with {@code http.auth.user} and {@code http.auth.password}: for browsers. */
        BASIC;

        /** The mode's value of {@code http.auth}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The HTTP server's TLS ({@code http.tls.*}).
     *
     * @param keystore         the keystore with the server's key and certificate chain; empty: plain HTTP
     * @param keystorePassword the password of the keystore and of the key in it (a secret)
     * @param keystoreType     PKCS12 or JKS
     */
    public record Tls(Optional<Path> keystore, String keystorePassword, String keystoreType) {

        /** True when the server speaks HTTPS. */
        public boolean enabled() {
            return keystore.isPresent();
        }

        /** The settings with the password masked. */
        @Override
        public String toString() {
            return "Tls[keystore=" + keystore.map(Path::toString).orElse("") + ", keystorePassword="
                    + masked(keystorePassword) + ", keystoreType=" + keystoreType + "]";
        }
    }

    /**
     * Who may call the guarded paths ({@code http.auth.*}): {@code /models} and {@code /dashboard/} always, the health
     * probes and {@code /metrics} when asked.
     *
     * @param mode     how callers authenticate
     * @param token    the bearer token (a secret; empty unless bearer)
     * @param user     the basic user (empty unless basic)
     * @param password the basic password (a secret; empty unless basic)
     * @param health   also guard {@code /health/live} and {@code /health/ready}
     * @param metrics  also guard {@code /metrics}
     */
    public record Auth(AuthMode mode, String token, String user, String password, boolean health, boolean metrics) {

        /** Nobody is asked for credentials. */
        public static final Auth NONE = new Auth(AuthMode.NONE, "", "", "", false, false);

        /** The settings with the secrets masked. */
        @Override
        public String toString() {
            return "Auth[mode=" + mode.id() + ", token=" + masked(token) + ", user=" + user + ", password="
                    + masked(password) + ", health=" + health + ", metrics=" + metrics + "]";
        }
    }

    /** The HTTP settings of {@code config}. */
    static HttpSettings of(ServiceConfig config) {
        Tls tls = new Tls(config.optional("http.tls.keystore").map(Path::of),
                config.string("http.tls.keystore-password").trim(),
                config.string("http.tls.keystore-type").trim().toUpperCase(Locale.ROOT));
        Auth auth = new Auth(ModelConfigs.choice(config.string("http.auth"), AuthMode.class),
                config.string("http.auth.token").trim(), config.string("http.auth.user").trim(),
                config.string("http.auth.password").trim(), config.bool("http.auth.health"),
                config.bool("http.auth.metrics"));
        return new HttpSettings(config.string("http.bind-address").trim(), config.integer("http.port"), tls, auth,
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

    /** The scheme of the server's address: https with a keystore, else http. */
    public String scheme() {
        return tls.enabled() ? "https" : "http";
    }

    private static String masked(String secret) {
        return secret.isEmpty() ? "" : ConfigKey.MASK;
    }
}
