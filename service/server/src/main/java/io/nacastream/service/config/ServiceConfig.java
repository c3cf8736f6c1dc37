package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.sbp.SbpConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.nacastream.service.config.Validator.NOT_EMPTY;
import static io.nacastream.service.config.Validator.atLeast;
import static io.nacastream.service.config.Validator.between;
import static io.nacastream.service.config.Validator.nonNegative;
import static io.nacastream.service.config.Validator.oneOf;
import static io.nacastream.service.config.Validator.positive;
import static io.nacastream.service.config.Validator.unitInterval;

/**
 * The service's configuration: every key defined once in {@link #KEYS} (type, default, valid values, meaning), values
 * taken from command-line {@code --key=value} arguments, then environment variables ({@code NACA_...}), then a
 * properties file ({@code --config-file} or {@code NACA_CONFIG_FILE}), then defaults. Validated when built: an unknown
 * key, a value of the wrong type or outside its valid values, or an inconsistent combination ({@link CrossKeyChecks})
 * fails with a message naming the key. Business code reads it through the typed {@link Settings}.
 */
public final class ServiceConfig {

    /** The encoder's filter windows: 0 (off) up to the longest window the encoder can keep. */
    private static final Validator FILTER_WINDOW = between(0, EncoderConfig.MAX_WINDOW_US);

    /** The classes of {@code learner.classes}. */
    private static final Validator CLASSES = Validator.parsedBy("dvs-gesture, a count N >= 2 or 2 or more distinct "
            + "comma-separated names", ModelConfigs::classes);

    /** The hidden layer sizes of {@code learner.hidden}. */
    private static final Validator HIDDEN_SIZES = Validator.parsedBy("positive integers separated by commas",
            ModelConfigs::hiddenSizes);

    /** The tick decay of {@code learner.tick-decay}. */
    private static final Validator TICK_DECAY = Validator.parsedBy("tau or a number in [0, 1)",
            ModelConfigs::tickDecay);

    /** Every configuration key of the service. */
    public static final List<ConfigKey> KEYS = List.of(
            key("bootstrap.servers", ConfigKey.Type.STRING, "",
                    "Kafka bootstrap servers; empty: naca-stream.jar starts an in-process KRaft broker (the lean "
                            + "service jar needs a cluster)"),
            key("topic.events", ConfigKey.Type.STRING, "dvs.events", NOT_EMPTY,
                    "Topic of event packets (wire format v1)"),
            key("topic.labels", ConfigKey.Type.STRING, "dvs.labels", NOT_EMPTY, "Topic of label segments (JSON)"),
            key("topic.predictions", ConfigKey.Type.STRING, "naca.predictions", NOT_EMPTY,
                    "Topic of predictions and segment verdicts (JSON)"),
            key("topic.energy", ConfigKey.Type.STRING, "naca.energy", NOT_EMPTY, "Topic of energy counters (JSON)"),
            key("topic.dead-letter", ConfigKey.Type.STRING, "naca.dead-letter", NOT_EMPTY,
                    "Topic of records that could not be decoded, with the reason in headers"),
            key("topic.partitions", ConfigKey.Type.INT, "1", between(1, 10_000),
                    "Partitions of topics the service creates"),
            key("group.id", ConfigKey.Type.STRING, "naca-stream", NOT_EMPTY, "Consumer group of the service"),
            key("group.instance-id", ConfigKey.Type.STRING, "",
                    "Static group membership id: a restarted instance takes its partitions back without a rebalance"),
            key("group.session-timeout-ms", ConfigKey.Type.INT, "10000", between(1000, 3_600_000),
                    "How long the group waits for a silent (crashed) instance before moving its partitions"),
            key("synthetic.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Publish a synthetic gesture stream before learning from the topics"),
            key("synthetic.seed", ConfigKey.Type.LONG, "42", "Seed of the synthetic sensor and subjects"),
            key("synthetic.train-subjects", ConfigKey.Type.INT, "12", atLeast(0),
                    "Synthetic subjects whose gestures are learned from"),
            key("synthetic.test-subjects", ConfigKey.Type.INT, "4", atLeast(0),
                    "Further synthetic subjects held out: scored, never learned from"),
            key("synthetic.take-ms", ConfigKey.Type.INT, "1500", atLeast(1), "Duration of one synthetic gesture take"),
            key("synthetic.gap-ms", ConfigKey.Type.INT, "250", atLeast(0), "Idle time between synthetic takes"),
            key("packet.max-events", ConfigKey.Type.INT, "8192", atLeast(1), "Most events in one published packet"),
            key("packet.max-us", ConfigKey.Type.LONG, "20000", atLeast(1), "Longest time span of one published packet"),
            key("encoder.grid", ConfigKey.Type.STRING, "32x32",
                    "Input grid per polarity, WIDTHxHEIGHT (2 x W x H model inputs); every sensor is area-pooled "
                            + "onto it keeping its aspect ratio"),
            key("encoder.roi", ConfigKey.Type.STRING, "",
                    "Region of interest in sensor pixels, x,y,width,height; events outside it are ignored and it is "
                            + "mapped onto the grid (empty: the whole sensor)"),
            key("encoder.denoise-us", ConfigKey.Type.LONG, "10000", FILTER_WINDOW,
                    "Background-activity filter window: an event passes if a neighbouring sensor pixel fired within "
                            + "it; 0 disables"),
            key("encoder.pixel-refractory-us", ConfigKey.Type.LONG, "0", FILTER_WINDOW,
                    "Refractory period of a sensor pixel: at most one event per pixel passes within it; 0 disables"),
            key("encoder.refractory-us", ConfigKey.Type.LONG, "1000", FILTER_WINDOW,
                    "Refractory period of an input (grid cell and polarity): it spikes at most once within it, so the "
                            + "learner's input rate stays bounded whatever the sensor; 0 disables"),
            key("learner.classes", ConfigKey.Type.STRING, "dvs-gesture", CLASSES,
                    "Classes of the model, by id: dvs-gesture (the 11 DVS128 Gesture classes), a count N (named "
                            + "0..N-1) or comma-separated names; labels name classes by id"),
            key("learner.algorithm", ConfigKey.Type.STRING, "naca", oneOf(LearnerSettings.Algorithm.ids()),
                    "Learner: naca (feedforward, no backward pass), drtp and dfa (the NACA network with the random "
                            + "projections NACA descends from), bp (backprop MLP baseline), bp+ewc, softmax "
                            + "(softmax regression on segment-pooled input counts), ridge (ridge regression on them), "
                            + "sbp (self-backpropagation: free and clamped phases per segment), backei (BackEISNN: "
                            + "self-feedback spiking network, truncated BPTT)"),
            key("learner.mode", ConfigKey.Type.STRING, "event", oneOf(NacaConfig.Mode.class),
                    "NACA time base: event (per spike, lazy decay) or tick (reference discrete update)"),
            key("learner.tick-us", ConfigKey.Type.LONG, "10000", atLeast(1), "Tick length in tick mode, microseconds"),
            key("learner.tick-decay", ConfigKey.Type.STRING, "tau", TICK_DECAY,
                    "Membrane decay per tick in tick mode: tau (exp(-tick/20 ms), the event mode's membrane, so both "
                            + "modes are one model) or a number in [0, 1) (the reference: 0.2)"),
            key("learner.hidden", ConfigKey.Type.STRING, "256", HIDDEN_SIZES,
                    "Hidden layer sizes, input side first, comma-separated (e.g. 256 or 512,256)"),
            key("learner.eta-hidden", ConfigKey.Type.DOUBLE, "0", nonNegative(),
                    "Learning rate of the modulated hidden rule (0: a fixed random hidden layer, chosen on validation "
                            + "data; the reference's runs use about 0.003)"),
            key("learner.eta-output", ConfigKey.Type.DOUBLE, "0.003", nonNegative(),
                    "Learning rate of the output delta rule (spikes readout only)"),
            key("learner.threshold", ConfigKey.Type.DOUBLE, "0.2", positive(),
                    "Firing threshold of the LIF units (reference 0.5); the hidden rule's gate opens above 0 "
                            + "(surrogate window = threshold, as the reference)"),
            key("learner.mask-delta", ConfigKey.Type.DOUBLE, "0", unitInterval(),
                    "Neuron-plasticity mask delta from the stream's own input activity (0 disables)"),
            key("learner.seed", ConfigKey.Type.LONG, "7", "Seed of initial weights and the modulation tables"),
            key("learner.weight-bound", ConfigKey.Type.DOUBLE, "0.1", nonNegative(),
                    "Largest |weight| a learning update may leave, so a long stream cannot drift into saturation "
                            + "(0 = unbounded, as the reference)"),
            key("learner.readout", ConfigKey.Type.STRING, "ridge", oneOf(NacaConfig.Readout.class),
                    "What decides a NACA segment: ridge (online least squares on the last hidden layer's spike counts "
                            + "pooled over the segment) or spikes (the output layer's spikes, as the reference)"),
            key("learner.readout-ridge", ConfigKey.Type.DOUBLE, "0.1", positive(),
                    "Ridge penalty of the ridge readout (chosen on validation data, BENCHMARKS.md)"),
            key("learner.replay-limit", ConfigKey.Type.INT, "2000000", atLeast(1),
                    "Most input spikes of one labelled segment kept to learn from after its verdict (strict "
                            + "test-then-train; 12 bytes each); the rest of a longer segment is scored, not learned"),
            key("learner.kernel", ConfigKey.Type.STRING, "auto", oneOf(List.of("auto", "vector", "scalar")),
                    "Event mode's membrane pass: auto (vector when the JVM runs with --add-modules "
                            + "jdk.incubator.vector, else scalar), vector (refused without that module) or scalar"),
            key("learner.count-ops", ConfigKey.Type.BOOLEAN, "true",
                    "Count operations and CPU time per layer and phase (false: only events are counted)"),
            key("drtp.eta-hidden", ConfigKey.Type.DOUBLE, "0.00001", nonNegative(),
                    "Hidden learning rate of learner.algorithm=drtp (chosen on validation data, BENCHMARKS.md)"),
            key("dfa.eta-hidden", ConfigKey.Type.DOUBLE, "0.00001", nonNegative(),
                    "Hidden learning rate of learner.algorithm=dfa, which needs learner.readout=spikes (chosen on "
                            + "validation data, BENCHMARKS.md)"),
            key("dfa.threshold", ConfigKey.Type.DOUBLE, "0.5", positive(),
                    "Firing threshold (and surrogate window) of learner.algorithm=dfa in place of learner.threshold: "
                            + "its spikes readout is near chance at 0.2 (chosen on validation data, BENCHMARKS.md)"),
            key("bp.learning-rate", ConfigKey.Type.DOUBLE, "0.003", positive(),
                    "Step size of the backprop baseline's optimiser (chosen on validation data, BENCHMARKS.md)"),
            key("bp.optimiser", ConfigKey.Type.STRING, "adam", oneOf(List.of("sgd", "adam")),
                    "Optimiser of the backprop baseline: sgd or adam (lazy: only weights with a gradient step)"),
            key("bp.bin-us", ConfigKey.Type.LONG, "20000", atLeast(1),
                    "Frame length of the backprop baseline, microseconds"),
            key("bp.trace-us", ConfigKey.Type.LONG, "0", atLeast(0),
                    "Input trace time constant of the backprop baseline, microseconds (0: binary frames)"),
            key("softmax.learning-rate", ConfigKey.Type.DOUBLE, "1", positive(),
                    "SGD step of the softmax baseline on segment-pooled input counts (chosen on validation data)"),
            key("ridge.penalty", ConfigKey.Type.DOUBLE, "0.1", positive(),
                    "Ridge penalty of the ridge baseline on segment-pooled input counts (chosen on validation data)"),
            key("sbp.variant", ConfigKey.Type.STRING, "pre", oneOf(SbpConfig.Variant.class),
                    "SBP rescaling of the contrastive change: pre, post, bp or all (the reference's mix of the three); "
                            + "pre won bench tune on both validation sets, all within 0.5 points"),
            key("sbp.learning-rate", ConfigKey.Type.DOUBLE, "0.1", positive(),
                    "SBP step alpha of the hidden layers, the output layer's half of it (reference 0.1 / 0.05)"),
            key("backei.learning-rate", ConfigKey.Type.DOUBLE, "0.01", positive(),
                    "Adam step size of the BackEISNN baseline (BrainCog's is 1e-3; 1e-2 won bench tune on both "
                            + "validation sets)"),
            key("backei.bin-us", ConfigKey.Type.LONG, "5000", atLeast(1),
                    "Frame length of the BackEISNN baseline, microseconds: one frame is one time step (chosen on "
                            + "validation data)"),
            key("backei.truncation-steps", ConfigKey.Type.INT, "20", atLeast(1),
                    "Frames per truncated-BPTT window of the BackEISNN baseline, one Adam step each (BrainCog: T = 20)"),
            key("bp.ewc-lambda", ConfigKey.Type.DOUBLE, "1000", nonNegative(), "EWC penalty strength of bp+ewc"),
            key("checkpoint.path", ConfigKey.Type.STRING, "",
                    "Write the NACA model's checkpoint here at the end of the job (empty: none)"),
            key("checkpoint.npy-dir", ConfigKey.Type.STRING, "",
                    "Export the NACA weights and tables as .npy files into this directory (empty: none)"),
            key("evaluation.interval-segments", ConfigKey.Type.INT, "11", atLeast(1),
                    "Segment verdicts between two evaluation records (test-then-train, held-out) on the predictions topic"),
            key("prediction.interval-ms", ConfigKey.Type.LONG, "100", atLeast(1),
                    "Stream time between two published predictions of a stream"),
            key("energy.interval-packets", ConfigKey.Type.INT, "200", atLeast(1), "Packets between two energy reports"),
            key("energy.pj-per-ac", ConfigKey.Type.DOUBLE, "0.9", nonNegative(),
                    "Energy of one add or subtract (accumulate), picojoules (Horowitz 2014, 45 nm float32)"),
            key("energy.pj-per-mac", ConfigKey.Type.DOUBLE, "4.6", nonNegative(),
                    "Energy of one multiply or multiply-add, picojoules (Horowitz: 3.7 + 0.9)"),
            key("energy.pj-per-compare", ConfigKey.Type.DOUBLE, "0.9", nonNegative(),
                    "Energy of one compare, min, max or clamp side, picojoules (assumed equal to an add)"),
            key("energy.pj-per-exp", ConfigKey.Type.DOUBLE, "27.6", nonNegative(),
                    "Energy of one exp, power, square root or division, picojoules (assumed six multiply-adds)"),
            key("energy.pj-per-weight-read", ConfigKey.Type.DOUBLE, "5", nonNegative(),
                    "Energy of one 32-bit weight read, picojoules (Horowitz: 8 KB SRAM, 10 pJ per 64 bits)"),
            key("energy.pj-per-weight-write", ConfigKey.Type.DOUBLE, "5", nonNegative(),
                    "Energy of one 32-bit weight write, picojoules (assumed equal to a read)"),
            key("energy.pj-per-state-access", ConfigKey.Type.DOUBLE, "5", nonNegative(),
                    "Energy of one 32-bit read or write of neuron state, picojoules (8 KB SRAM)"),
            key("run.timeout-s", ConfigKey.Type.LONG, "600", atLeast(1),
                    "Longest run of the bounded main job, seconds"),
            key("http.bind-address", ConfigKey.Type.STRING, "0.0.0.0", NOT_EMPTY,
                    "Address the HTTP server listens on (0.0.0.0: every interface; 127.0.0.1: this host only)"),
            key("http.tls.keystore", ConfigKey.Type.STRING, "", HttpSettings.KEYSTORE_FILE,
                    "Keystore (PKCS12 or JKS) holding the HTTP server's private key and certificate chain: the "
                            + "server speaks HTTPS only (empty: plain HTTP)"),
            key("http.tls.keystore-password", ConfigKey.Type.PASSWORD, "",
                    "Password of http.tls.keystore and of the key in it (a secret)"),
            key("http.tls.keystore-type", ConfigKey.Type.STRING, "PKCS12", oneOf(List.of("PKCS12", "JKS")),
                    "Format of http.tls.keystore: PKCS12 or JKS"),
            key("http.auth", ConfigKey.Type.STRING, "none", oneOf(HttpSettings.AuthMode.class),
                    "Authentication of /models, /dashboard/ and every path but the probes and /metrics: none, bearer "
                            + "(Authorization: Bearer http.auth.token; for API clients) or basic (http.auth.user and "
                            + "http.auth.password; for browsers)"),
            key("http.auth.token", ConfigKey.Type.PASSWORD, "", HttpSettings.TOKEN,
                    "Token of http.auth=bearer (a secret)"),
            key("http.auth.user", ConfigKey.Type.STRING, "", HttpSettings.USER, "User of http.auth=basic"),
            key("http.auth.password", ConfigKey.Type.PASSWORD, "", HttpSettings.PASSWORD,
                    "Password of http.auth=basic (a secret)"),
            key("http.auth.health", ConfigKey.Type.BOOLEAN, "false",
                    "Also guard /health/live and /health/ready with http.auth (false: probes stay open)"),
            key("http.auth.metrics", ConfigKey.Type.BOOLEAN, "false",
                    "Also guard /metrics with http.auth (false: open to Prometheus without credentials)"),
            key("dashboard.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Serve the live dashboard at /dashboard/ on the HTTP port (false: nothing is recorded for it)"),
            key("dashboard.hold-s", ConfigKey.Type.LONG, "0", between(0, 86_400),
                    "Seconds a bounded run (main job, bench accuracy or continual) keeps its dashboard up after it ends"),
            key("dashboard.window", ConfigKey.Type.INT, "50", between(1, 100_000),
                    "Gestures in the dashboard's windowed accuracy and kappa"),
            key("http.port", ConfigKey.Type.INT, "8080", between(-1, 65_535),
                    "Port of /health/live, /health/ready, /metrics and /models; 0 picks a free port, -1 disables"),
            key("metrics.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Record Prometheus metrics (false: nothing is counted and /metrics is empty)"),
            key("model.scope", ConfigKey.Type.STRING, "stream", oneOf(List.of("stream", "partition")),
                    "Which streams share a model: stream (one model each) or partition (all streams of an events "
                            + "partition learn one model; the main job's setting)"),
            key("models.max-live", ConfigKey.Type.INT, "64", between(1, 1_000_000),
                    "Most models in memory; the least recently used is checkpointed and dropped"),
            key("model.base", ConfigKey.Type.STRING, "",
                    "Checkpoint file a new stream's model starts from (empty: a fresh network from learner.*)"),
            key("model.named-bases", ConfigKey.Type.STRING, "",
                    "Named base models by stream-id prefix: prefix=checkpoint-file,... (longest prefix wins)"),
            key("checkpoint.topic", ConfigKey.Type.STRING, "naca.checkpoints",
                    "Compacted topic of model checkpoints and partition offsets (empty: checkpoint.dir only)"),
            key("checkpoint.dir", ConfigKey.Type.STRING, "",
                    "Directory that also receives every checkpoint (read back only when checkpoint.topic is empty)"),
            key("checkpoint.interval-ms", ConfigKey.Type.LONG, "10000", between(100, 86_400_000),
                    "Wall time between two checkpoints of every changed model and partition"),
            key("processing.guarantee", ConfigKey.Type.STRING, "exactly_once",
                    oneOf(List.of("exactly_once", "at_least_once")),
                    "exactly_once: outputs, checkpoints and offsets of each commit interval in one Kafka transaction "
                            + "(read them with isolation.level=read_committed); at_least_once: lowest latency, "
                            + "outputs since the last checkpoint published again after a crash"),
            key("commit.interval-ms", ConfigKey.Type.LONG, "100", between(10, 600_000),
                    "Wall time between two transaction commits under processing.guarantee=exactly_once (outputs "
                            + "become visible to read_committed consumers at each commit)"),
            key("commit.transaction-timeout-ms", ConfigKey.Type.INT, "60000", between(1000, 900_000),
                    "Longest a transaction may stay open before the broker aborts it (also how long a killed "
                            + "instance without group.instance-id can hold read_committed readers back)"),
            key("shutdown.timeout-s", ConfigKey.Type.LONG, "30", between(1, 3600),
                    "Longest wait to finish in-flight packets and checkpoint on shutdown or hand-over"),
            key("stream.max-gap-ms", ConfigKey.Type.LONG, "600000", between(1, 31L * 86_400_000),
                    "Longest allowed jump of a stream's event time between packets (and span of one packet); "
                            + "a packet jumping further, or going back in time, goes to the dead-letter topic"),
            key("stream.resync-packets", ConfigKey.Type.INT, "16", between(1, 1_000_000),
                    "Refused packets in a row that agree on a new timeline before the stream restarts on it"),
            key("labels.orphan-timeout-s", ConfigKey.Type.LONG, "3600", between(1, 31L * 86_400),
                    "Wall time a label may wait for its stream's first events before it is dead-lettered"));

    /** Environment variables starting with this set Kafka client properties: NACA_KAFKA_SASL_MECHANISM. */
    private static final String KAFKA_ENV_PREFIX = "NACA_KAFKA_";

    /** Command-line option and environment variable naming a properties file of configuration keys. */
    public static final String CONFIG_FILE_OPTION = "config-file";

    /** Environment variable naming a properties file of configuration keys. */
    public static final String CONFIG_FILE_ENV = "NACA_CONFIG_FILE";

    private static final Set<String> NAMES = KEYS.stream().map(ConfigKey::name).collect(Collectors.toSet());

    /** Keys that were replaced, with what to use instead. */
    private static final Map<String, String> REPLACED = Map.of(
            "encoder.pool", "encoder.grid (the input grid per polarity, e.g. 32x32): the pooling now follows from "
                    + "each sensor's size",
            "http.host", "http.bind-address (the address the HTTP server listens on)");

    private final Map<String, String> values;
    /** Where each value came from: default, file, environment or argument. */
    private final Map<String, String> sources;

    private ServiceConfig(Map<String, String> values, Map<String, String> sources) {
        this.values = values;
        this.sources = sources;
    }

    private static ConfigKey key(String name, ConfigKey.Type type, String def, String doc) {
        return key(name, type, def, Validator.ANY, doc);
    }

    private static ConfigKey key(String name, ConfigKey.Type type, String def, Validator valid, String doc) {
        return new ConfigKey(name, type, def, valid, doc);
    }

    /** Defaults overridden by {@code env} and then by {@code overrides}; validates every value. */
    public static ServiceConfig of(Map<String, String> overrides, Map<String, String> env) {
        return of(overrides, env, Map.of(), "");
    }

    /**
     * The configuration of a command line: {@code --key=value} arguments win over environment variables, which win
     * over the properties file named by {@code --config-file} or {@code NACA_CONFIG_FILE}, which wins over defaults.
     */
    public static ServiceConfig load(String[] args, Map<String, String> env) {
        Map<String, String> overrides = parseArgs(args);
        String file = overrides.remove(CONFIG_FILE_OPTION);
        if (file == null) {
            file = env.get(CONFIG_FILE_ENV);
        }
        if (file == null || file.isBlank()) {
            return of(overrides, env);
        }
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file.trim()), StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read configuration file " + file.trim() + ": " + e);
        }
        Map<String, String> fromFile = new HashMap<>();
        props.stringPropertyNames().forEach(n -> fromFile.put(n, props.getProperty(n)));
        return of(overrides, env, fromFile, file.trim());
    }

    private static ServiceConfig of(Map<String, String> overrides, Map<String, String> env,
                                    Map<String, String> fromFile, String fileName) {
        requireKnown(fromFile.keySet(), " in " + fileName);
        requireKnown(overrides.keySet(), "");
        REPLACED.keySet().stream().filter(old -> env.containsKey(replacedEnvName(old))).findFirst()
                .ifPresent(old -> requireKnown(List.of(old), " (environment variable " + replacedEnvName(old) + ")"));
        Map<String, String> values = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        for (ConfigKey k : KEYS) {
            values.put(k.name(), k.defaultValue());
            sources.put(k.name(), "default");
        }
        fromFile.forEach((name, v) -> set(values, sources, name, v, "file " + fileName));
        env.forEach((name, v) -> envKey(name).ifPresent(key -> set(values, sources, key, v, "environment " + name)));
        overrides.forEach((name, v) -> set(values, sources, name, v, "argument"));
        values.replaceAll((name, v) -> SecretReferences.resolve(name, v, env));
        for (ConfigKey k : KEYS) {
            k.check(values.get(k.name()));
        }
        return checked(values, sources);
    }

    private static void set(Map<String, String> values, Map<String, String> sources, String name, String value,
                            String source) {
        values.put(name, value);
        sources.put(name, source);
    }

    private static String replacedEnvName(String key) {
        return new ConfigKey(key, ConfigKey.Type.STRING, "", Validator.ANY, "").envName();
    }

    /** The key an environment variable sets: a defined key's {@link ConfigKey#envName()}, or a Kafka property's. */
    private static Optional<String> envKey(String variable) {
        Optional<String> defined = KEYS.stream().filter(k -> k.envName().equals(variable)).map(ConfigKey::name)
                .findFirst();
        if (defined.isPresent() || !variable.startsWith(KAFKA_ENV_PREFIX)) {
            return defined;
        }
        return Optional.of(KafkaClientConfig.PREFIX
                + variable.substring(KAFKA_ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'));
    }

    /** The configuration of {@code values}, each already valid on its own, once the keys agree with each other. */
    private static ServiceConfig checked(Map<String, String> values, Map<String, String> sources) {
        ServiceConfig config = new ServiceConfig(values, sources);
        CrossKeyChecks.check(config);
        return config;
    }

    private static void requireKnown(Collection<String> names, String where) {
        for (String name : names) {
            if (REPLACED.containsKey(name)) {
                throw new IllegalArgumentException("configuration key '" + name + "'" + where + " was replaced by "
                        + REPLACED.get(name));
            }
            if (!NAMES.contains(name) && !name.startsWith(KafkaClientConfig.PREFIX)) {
                throw new IllegalArgumentException("unknown configuration key '" + name + "'" + where + "; see --help");
            }
        }
    }

    /** Parses {@code --key=value} arguments into overrides; rejects anything else. */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 3) {
                throw new IllegalArgumentException("bad argument '" + a + "': expected --key=value or --help");
            }
            out.put(a.substring(2, eq), a.substring(eq + 1));
        }
        return out;
    }

    /** The default value of key {@code name}; business code reads {@link Settings#defaults()} instead. */
    public static String defaultValue(String name) {
        return definition(name).defaultValue();
    }

    /** This configuration with key {@code name} set to {@code value}, validated like any other. */
    public ServiceConfig with(String name, String value) {
        definition(name).check(value);
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        Map<String, String> copiedSources = new HashMap<>(sources);
        copiedSources.put(name, "argument");
        return checked(copy, copiedSources);
    }

    private static ConfigKey definition(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configuration key '" + name + "'"));
    }

    /** The Kafka client properties set ({@code kafka.*} keys, references resolved), by key. */
    public Map<String, String> kafkaProperties() {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(KafkaClientConfig.PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /**
     * Every value in effect, one {@code key=value} line each with where it came from as a comment before it, secrets
     * shown as {@link ConfigKey#MASK}: what {@code config} prints.
     */
    public String dump() {
        StringBuilder sb = new StringBuilder();
        for (ConfigKey k : KEYS) {
            line(sb, k.name(), k.shown(values.get(k.name())));
        }
        kafkaProperties().forEach((k, v) -> line(sb, k, KafkaClientConfig.secret(k) ? ConfigKey.MASK : v));
        return sb.toString();
    }

    private void line(StringBuilder sb, String name, String shown) {
        sb.append("# ").append(sources.get(name)).append('\n').append(name).append('=').append(shown).append('\n');
    }

    /** String value of a key; for the config package and tests: business code reads {@link Settings}. */
    public String string(String name) {
        return require(name);
    }

    /** Integer value of a key; for the config package and tests: business code reads {@link Settings}. */
    public int integer(String name) {
        return Integer.parseInt(require(name).trim());
    }

    /** Long value of a key; for the config package and tests: business code reads {@link Settings}. */
    public long longValue(String name) {
        return Long.parseLong(require(name).trim());
    }

    /** Double value of a key; for the config package and tests: business code reads {@link Settings}. */
    public double decimal(String name) {
        return Double.parseDouble(require(name).trim());
    }

    /** Boolean value of a key; for the config package and tests: business code reads {@link Settings}. */
    public boolean bool(String name) {
        return Boolean.parseBoolean(require(name).trim());
    }

    /** String value of a key, trimmed; empty when the value is blank (the keys whose empty value means none). */
    Optional<String> optional(String name) {
        return Optional.of(require(name).trim()).filter(v -> !v.isEmpty());
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no configuration key '" + name + "'");
        }
        return v;
    }
}
