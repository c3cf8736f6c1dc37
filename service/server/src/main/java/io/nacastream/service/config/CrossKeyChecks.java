package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.ingest.kafka.KafkaClientConfig;

/**
 * The checks that span several keys, made once every key's own value is valid; each failure names the keys. The
 * checks of one key alone are part of its definition ({@link ConfigKey#validator()}).
 */
final class CrossKeyChecks {

    private CrossKeyChecks() {
    }

    /** Checks that the keys of {@code config} agree with each other; throws naming them otherwise. */
    static void check(ServiceConfig config) {
        dfaHasItsError(config);
        EncoderConfig encoder = ModelConfigs.encoder(config);   // encoder.grid and encoder.roi parse together
        // the NACA network: encoder.grid's inputs, learner.hidden and learner.classes must make one
        LearnerSettings learner = LearnerSettings.of(config, encoder.inputCount());
        checkpointsAreNaca(RunSettings.of(config), learner);
        HttpSettings http = HttpSettings.of(config);
        keystoreHasPassword(http.tls());
        credentialsMatchAuth(http.auth());
        securedClusterIsNamed(kafkaClients(config));
    }

    /** DFA's hidden layers learn from the output layer's error: the spikes readout runs that layer. */
    private static void dfaHasItsError(ServiceConfig config) {
        if (config.string("learner.algorithm").trim().equalsIgnoreCase(LearnerSettings.Algorithm.DFA.id())
                && !config.string("learner.readout").trim().equalsIgnoreCase("spikes")) {
            throw new IllegalArgumentException("configuration key 'learner.algorithm' is dfa, which needs "
                    + "learner.readout=spikes: the output layer's error teaches its hidden layers");
        }
    }

    /** The Kafka client settings of {@code config}; throws naming a {@code kafka.*} key Kafka does not accept. */
    static KafkaClientConfig kafkaClients(ServiceConfig config) {
        return KafkaClientConfig.of(config.string("bootstrap.servers").trim(), config.kafkaProperties());
    }

    /** A security protocol other than plaintext is for a cluster {@code bootstrap.servers} names. */
    private static void securedClusterIsNamed(KafkaClientConfig clients) {
        if (!clients.bootstrap().isEmpty()) {
            return;
        }
        for (KafkaClientConfig.Kind kind : KafkaClientConfig.Kind.values()) {
            String protocol = clients.property(kind, "security.protocol");
            if (protocol != null && !protocol.trim().equalsIgnoreCase("PLAINTEXT")) {
                throw new IllegalArgumentException("configuration key 'kafka.security.protocol' is " + protocol.trim()
                        + " but 'bootstrap.servers' is empty: the in-process broker is plaintext; name the secured "
                        + "cluster in bootstrap.servers");
            }
        }
    }

    /** {@code checkpoint.path} and {@code checkpoint.npy-dir} save a NACA model: they need that learner. */
    private static void checkpointsAreNaca(RunSettings run, LearnerSettings learner) {
        if (run.savesModel() && !learner.nacaFamily()) {
            throw new IllegalArgumentException("configuration keys 'checkpoint.path' and 'checkpoint.npy-dir' apply "
                    + "to the NACA network (learner.algorithm=naca, drtp or dfa), not " + learner.algorithm().id());
        }
    }

    /** A keystore is opened with {@code http.tls.keystore-password}: an empty one is a secret that did not arrive. */
    private static void keystoreHasPassword(HttpSettings.Tls tls) {
        if (tls.enabled() && tls.keystorePassword().isEmpty()) {
            throw new IllegalArgumentException("configuration key 'http.tls.keystore' needs "
                    + "'http.tls.keystore-password'");
        }
    }

    /**
     * {@code http.auth} reads the credentials of its mode and nothing else: a missing one would open or lock the
     * server, and one given to a mode that ignores it (or to none) would make a guard look set up that is not.
     */
    private static void credentialsMatchAuth(HttpSettings.Auth auth) {
        HttpSettings.AuthMode mode = auth.mode();
        requireFor(mode, HttpSettings.AuthMode.BEARER, "http.auth.token", !auth.token().isEmpty());
        requireFor(mode, HttpSettings.AuthMode.BASIC, "http.auth.user", !auth.user().isEmpty());
        requireFor(mode, HttpSettings.AuthMode.BASIC, "http.auth.password", !auth.password().isEmpty());
        if (mode == HttpSettings.AuthMode.NONE && (auth.health() || auth.metrics())) {
            throw new IllegalArgumentException("configuration keys 'http.auth.health' and 'http.auth.metrics' guard "
                    + "paths with http.auth, which is none: set http.auth=bearer or basic");
        }
    }

    private static void requireFor(HttpSettings.AuthMode mode, HttpSettings.AuthMode needing, String key, boolean set) {
        if (mode == needing && !set) {
            throw new IllegalArgumentException("configuration key 'http.auth' is " + needing.id() + " and needs '"
                    + key + "'");
        }
        if (mode != needing && set) {
            throw new IllegalArgumentException("configuration key '" + key + "' applies to http.auth="
                    + needing.id() + ", not " + mode.id());
        }
    }
}
