package io.nacastream.service.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Properties;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The service's configuration: every key defined once in {@link #KEYS}, values taken from command-line
 * {@code --key=value} arguments, then environment variables ({@code NACA_...}), then a properties file
 * ({@code --config-file} or {@code NACA_CONFIG_FILE}), then defaults. Validated when
 * built: an unknown key or a value of the wrong type fails with a message naming the key.
 */
public final class ServiceConfig {

    /** Every configuration key of the service. */
    public static final List<ConfigKey> KEYS = List.of(
            key("bootstrap.servers", ConfigKey.Type.STRING, "",
                    "Kafka bootstrap servers; empty starts an in-process KRaft broker"),
            key("topic.events", ConfigKey.Type.STRING, "dvs.events", "Topic of event packets (wire format v1)"),
            key("topic.labels", ConfigKey.Type.STRING, "dvs.labels", "Topic of label segments (JSON)"),
            key("topic.predictions", ConfigKey.Type.STRING, "naca.predictions",
                    "Topic of predictions and segment verdicts (JSON)"),
            key("topic.energy", ConfigKey.Type.STRING, "naca.energy", "Topic of energy counters (JSON)"),
            key("topic.dead-letter", ConfigKey.Type.STRING, "naca.dead-letter",
                    "Topic of records that could not be decoded, with the reason in headers"),
            key("topic.partitions", ConfigKey.Type.INT, "1", "Partitions of topics the service creates"),
            key("group.id", ConfigKey.Type.STRING, "naca-stream", "Consumer group of the service"),
            key("group.instance-id", ConfigKey.Type.STRING, "",
                    "Static group membership id: a restarted instance takes its partitions back without a rebalance"),
            key("group.session-timeout-ms", ConfigKey.Type.INT, "10000",
                    "How long the group waits for a silent (crashed) instance before moving its partitions"),
            key("synthetic.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Publish a synthetic gesture stream before learning from the topics"),
            key("synthetic.seed", ConfigKey.Type.LONG, "42", "Seed of the synthetic sensor and subjects"),
            key("synthetic.train-subjects", ConfigKey.Type.INT, "12",
                    "Synthetic subjects whose gestures are learned from"),
            key("synthetic.test-subjects", ConfigKey.Type.INT, "4",
                    "Further synthetic subjects held out: scored, never learned from"),
            key("synthetic.take-ms", ConfigKey.Type.INT, "1500", "Duration of one synthetic gesture take"),
            key("synthetic.gap-ms", ConfigKey.Type.INT, "250", "Idle time between synthetic takes"),
            key("packet.max-events", ConfigKey.Type.INT, "8192", "Most events in one published packet"),
            key("packet.max-us", ConfigKey.Type.LONG, "20000", "Longest time span of one published packet"),
            key("encoder.grid", ConfigKey.Type.STRING, "32x32",
                    "Input grid per polarity, WIDTHxHEIGHT (2 x W x H model inputs); every sensor is area-pooled "
                            + "onto it keeping its aspect ratio"),
            key("encoder.roi", ConfigKey.Type.STRING, "",
                    "Region of interest in sensor pixels, x,y,width,height; events outside it are ignored and it is "
                            + "mapped onto the grid (empty: the whole sensor)"),
            key("encoder.denoise-us", ConfigKey.Type.LONG, "10000",
                    "Background-activity filter window: an event passes if a neighbouring sensor pixel fired within "
                            + "it; 0 disables"),
            key("encoder.pixel-refractory-us", ConfigKey.Type.LONG, "0",
                    "Refractory period of a sensor pixel: at most one event per pixel passes within it; 0 disables"),
            key("encoder.refractory-us", ConfigKey.Type.LONG, "1000",
                    "Refractory period of an input (grid cell and polarity): it spikes at most once within it, so the "
                            + "learner's input rate stays bounded whatever the sensor; 0 disables"),
            key("learner.classes", ConfigKey.Type.STRING, "dvs-gesture",
                    "Classes of the model, by id: dvs-gesture (the 11 DVS128 Gesture classes), a count N (named "
                            + "0..N-1) or comma-separated names; labels name classes by id"),
            key("learner.algorithm", ConfigKey.Type.STRING, "naca",
                    "Learner: naca (feedforward, no backward pass), bp (backprop MLP baseline), bp+ewc, softmax "
                            + "(softmax regression on segment-pooled input counts), ridge (ridge regression on them)"),
            key("learner.mode", ConfigKey.Type.STRING, "event",
                    "NACA time base: event (per spike, lazy decay) or tick (reference discrete update)"),
            key("learner.tick-us", ConfigKey.Type.LONG, "10000", "Tick length in tick mode, microseconds"),
            key("learner.tick-decay", ConfigKey.Type.STRING, "tau",
                    "Membrane decay per tick in tick mode: tau (exp(-tick/20 ms), the event mode's membrane, so both "
                            + "modes are one model) or a number in [0, 1) (the reference: 0.2)"),
            key("learner.hidden", ConfigKey.Type.STRING, "256",
                    "Hidden layer sizes, input side first, comma-separated (e.g. 256 or 512,256)"),
            key("learner.eta-hidden", ConfigKey.Type.DOUBLE, "0",
                    "Learning rate of the modulated hidden rule (0: a fixed random hidden layer, chosen on validation "
                            + "data; the reference's runs use about 0.003)"),
            key("learner.eta-output", ConfigKey.Type.DOUBLE, "0.003",
                    "Learning rate of the output delta rule (spikes readout only)"),
            key("learner.threshold", ConfigKey.Type.DOUBLE, "0.2",
                    "Firing threshold of the LIF units (reference 0.5); the hidden rule's gate opens above 0 "
                            + "(surrogate window = threshold, as the reference)"),
            key("learner.mask-delta", ConfigKey.Type.DOUBLE, "0",
                    "Neuron-plasticity mask delta from the stream's own input activity (0 disables)"),
            key("learner.seed", ConfigKey.Type.LONG, "7", "Seed of initial weights and the modulation tables"),
            key("learner.weight-bound", ConfigKey.Type.DOUBLE, "0.1",
                    "Largest |weight| a learning update may leave, so a long stream cannot drift into saturation "
                            + "(0 = unbounded, as the reference)"),
            key("learner.readout", ConfigKey.Type.STRING, "ridge",
                    "What decides a NACA segment: ridge (online least squares on the last hidden layer's spike counts "
                            + "pooled over the segment) or spikes (the output layer's spikes, as the reference)"),
            key("learner.readout-ridge", ConfigKey.Type.DOUBLE, "0.1",
                    "Ridge penalty of the ridge readout (chosen on validation data, BENCHMARKS.md)"),
            key("learner.replay-limit", ConfigKey.Type.INT, "2000000",
                    "Most input spikes of one labelled segment kept to learn from after its verdict (strict "
                            + "test-then-train; 12 bytes each); the rest of a longer segment is scored, not learned"),
            key("learner.count-ops", ConfigKey.Type.BOOLEAN, "true",
                    "Count operations and CPU time per layer and phase (false: only events are counted)"),
            key("bp.learning-rate", ConfigKey.Type.DOUBLE, "0.003",
                    "Step size of the backprop baseline's optimiser (chosen on validation data, BENCHMARKS.md)"),
            key("bp.optimiser", ConfigKey.Type.STRING, "adam",
                    "Optimiser of the backprop baseline: sgd or adam (lazy: only weights with a gradient step)"),
            key("bp.bin-us", ConfigKey.Type.LONG, "20000", "Frame length of the backprop baseline, microseconds"),
            key("bp.trace-us", ConfigKey.Type.LONG, "0",
                    "Input trace time constant of the backprop baseline, microseconds (0: binary frames)"),
            key("softmax.learning-rate", ConfigKey.Type.DOUBLE, "1",
                    "SGD step of the softmax baseline on segment-pooled input counts (chosen on validation data)"),
            key("ridge.penalty", ConfigKey.Type.DOUBLE, "0.1",
                    "Ridge penalty of the ridge baseline on segment-pooled input counts (chosen on validation data)"),
            key("bp.ewc-lambda", ConfigKey.Type.DOUBLE, "1000", "EWC penalty strength of bp+ewc"),
            key("checkpoint.path", ConfigKey.Type.STRING, "",
                    "Write the NACA model's checkpoint here at the end of the job (empty: none)"),
            key("checkpoint.npy-dir", ConfigKey.Type.STRING, "",
                    "Export the NACA weights and tables as .npy files into this directory (empty: none)"),
            key("evaluation.interval-segments", ConfigKey.Type.INT, "11",
                    "Segment verdicts between two evaluation records (test-then-train, held-out) on the predictions topic"),
            key("prediction.interval-ms", ConfigKey.Type.LONG, "100",
                    "Stream time between two published predictions of a stream"),
            key("energy.interval-packets", ConfigKey.Type.INT, "200", "Packets between two energy reports"),
            key("energy.pj-per-ac", ConfigKey.Type.DOUBLE, "0.9",
                    "Energy of one add or subtract (accumulate), picojoules (Horowitz 2014, 45 nm float32)"),
            key("energy.pj-per-mac", ConfigKey.Type.DOUBLE, "4.6",
                    "Energy of one multiply or multiply-add, picojoules (Horowitz: 3.7 + 0.9)"),
            key("energy.pj-per-compare", ConfigKey.Type.DOUBLE, "0.9",
                    "Energy of one compare, min, max or clamp side, picojoules (assumed equal to an add)"),
            key("energy.pj-per-exp", ConfigKey.Type.DOUBLE, "27.6",
                    "Energy of one exp, power, square root or division, picojoules (assumed six multiply-adds)"),
            key("energy.pj-per-weight-read", ConfigKey.Type.DOUBLE, "5",
                    "Energy of one 32-bit weight read, picojoules (Horowitz: 8 KB SRAM, 10 pJ per 64 bits)"),
            key("energy.pj-per-weight-write", ConfigKey.Type.DOUBLE, "5",
                    "Energy of one 32-bit weight write, picojoules (assumed equal to a read)"),
            key("energy.pj-per-state-access", ConfigKey.Type.DOUBLE, "5",
                    "Energy of one 32-bit read or write of neuron state, picojoules (8 KB SRAM)"),
            key("run.timeout-s", ConfigKey.Type.LONG, "600", "Longest run of the bounded main job, seconds"),
            key("http.host", ConfigKey.Type.STRING, "0.0.0.0", "Address the service's HTTP endpoints listen on"),
            key("dashboard.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Serve the live dashboard at /dashboard/ on the HTTP port (false: nothing is recorded for it)"),
            key("dashboard.hold-s", ConfigKey.Type.LONG, "0",
                    "Seconds a bounded run (main job, bench accuracy or continual) keeps its dashboard up after it ends"),
            key("dashboard.window", ConfigKey.Type.INT, "50",
                    "Gestures in the dashboard's windowed accuracy and kappa"),
            key("http.port", ConfigKey.Type.INT, "8080",
                    "Port of /health/live, /health/ready, /metrics and /models; 0 picks a free port, -1 disables"),
            key("metrics.enabled", ConfigKey.Type.BOOLEAN, "true",
                    "Record Prometheus metrics (false: nothing is counted and /metrics is empty)"),
            key("model.scope", ConfigKey.Type.STRING, "stream",
                    "Which streams share a model: stream (one model each) or partition (all streams of an events "
                            + "partition learn one model; the main job's setting)"),
            key("models.max-live", ConfigKey.Type.INT, "64",
                    "Most models in memory; the least recently used is checkpointed and dropped"),
            key("model.base", ConfigKey.Type.STRING, "",
                    "Checkpoint file a new stream's model starts from (empty: a fresh network from learner.*)"),
            key("model.named-bases", ConfigKey.Type.STRING, "",
                    "Named base models by stream-id prefix: prefix=checkpoint-file,... (longest prefix wins)"),
            key("checkpoint.topic", ConfigKey.Type.STRING, "naca.checkpoints",
                    "Compacted topic of model checkpoints and partition offsets (empty: checkpoint.dir only)"),
            key("checkpoint.dir", ConfigKey.Type.STRING, "",
                    "Directory that also receives every checkpoint (read back only when checkpoint.topic is empty)"),
            key("checkpoint.interval-ms", ConfigKey.Type.LONG, "10000",
                    "Wall time between two checkpoints of every changed model and partition"),
            key("shutdown.timeout-s", ConfigKey.Type.LONG, "30",
                    "Longest wait to finish in-flight packets and checkpoint on shutdown or hand-over"),
            key("stream.max-gap-ms", ConfigKey.Type.LONG, "600000",
                    "Longest allowed jump of a stream's event time between packets (and span of one packet); "
                            + "a packet jumping further, or going back in time, goes to the dead-letter topic"),
            key("stream.resync-packets", ConfigKey.Type.INT, "16",
                    "Refused packets in a row that agree on a new timeline before the stream restarts on it"),
            key("labels.orphan-timeout-s", ConfigKey.Type.LONG, "3600",
                    "Wall time a label may wait for its stream's first events before it is dead-lettered"));

    /** Command-line option and environment variable naming a properties file of configuration keys. */
    public static final String CONFIG_FILE_OPTION = "config-file";

    /** Environment variable naming a properties file of configuration keys. */
    public static final String CONFIG_FILE_ENV = "NACA_CONFIG_FILE";

    /** Allowed ranges of numeric keys that have one. */
    private static final Map<String, long[]> RANGES = Map.ofEntries(
            Map.entry("http.port", new long[]{-1, 65535}),
            Map.entry("models.max-live", new long[]{1, 1_000_000}),
            Map.entry("checkpoint.interval-ms", new long[]{100, 86_400_000}),
            Map.entry("shutdown.timeout-s", new long[]{1, 3600}),
            Map.entry("group.session-timeout-ms", new long[]{1000, 3_600_000}),
            Map.entry("topic.partitions", new long[]{1, 10_000}),
            Map.entry("stream.max-gap-ms", new long[]{1, 31L * 86_400_000}),
            Map.entry("stream.resync-packets", new long[]{1, 1_000_000}),
            Map.entry("labels.orphan-timeout-s", new long[]{1, 31L * 86_400}),
            Map.entry("dashboard.window", new long[]{1, 100_000}),
            Map.entry("dashboard.hold-s", new long[]{0, 86_400}));

    private static final Set<String> NAMES = KEYS.stream().map(ConfigKey::name).collect(Collectors.toSet());

    /** Keys that were replaced, with what to use instead. */
    private static final Map<String, String> REPLACED = Map.of(
            "encoder.pool", "encoder.grid (the input grid per polarity, e.g. 32x32): the pooling now follows from "
                    + "each sensor's size");

    private final Map<String, String> values;

    private ServiceConfig(Map<String, String> values) {
        this.values = values;
    }

    private static ConfigKey key(String name, ConfigKey.Type type, String def, String doc) {
        return new ConfigKey(name, type, def, doc);
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
        Map<String, String> values = new HashMap<>();
        for (ConfigKey k : KEYS) {
            values.put(k.name(), fromFile.getOrDefault(k.name(), k.defaultValue()));
            String fromEnv = env.get(k.envName());
            if (fromEnv != null) {
                values.put(k.name(), fromEnv);
            }
        }
        values.putAll(overrides);
        for (ConfigKey k : KEYS) {
            validate(k, values.get(k.name()));
        }
        RANGES.keySet().forEach(name -> checkRange(name, values.get(name)));
        ServiceConfig config = new ServiceConfig(values);
        ModelConfigs.validate(config);
        return config;
    }

    private static void checkRange(String name, String value) {
        long[] range = RANGES.get(name);
        if (range == null) {
            return;
        }
        long v = Long.parseLong(value.trim());
        if (v < range[0] || v > range[1]) {
            throw new IllegalArgumentException("configuration key '" + name + "' must be between " + range[0]
                    + " and " + range[1] + ", got " + v);
        }
    }

    private static void requireKnown(Collection<String> names, String where) {
        for (String name : names) {
            if (REPLACED.containsKey(name)) {
                throw new IllegalArgumentException("configuration key '" + name + "'" + where + " was replaced by "
                        + REPLACED.get(name));
            }
            if (!NAMES.contains(name)) {
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

    private static void validate(ConfigKey k, String v) {
        try {
            switch (k.type()) {
                case INT -> Integer.parseInt(v.trim());
                case LONG -> Long.parseLong(v.trim());
                case DOUBLE -> Double.parseDouble(v.trim());
                case BOOLEAN -> {
                    if (!v.trim().equalsIgnoreCase("true") && !v.trim().equalsIgnoreCase("false")) {
                        throw new IllegalArgumentException();
                    }
                }
                default -> { }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("configuration key '" + k.name() + "' must be "
                    + k.type().name().toLowerCase(java.util.Locale.ROOT) + ", got '" + v + "'");
        }
    }

    /** The default value of key {@code name}. */
    public static String defaultValue(String name) {
        return definition(name).defaultValue();
    }

    /** This configuration with key {@code name} set to {@code value}, validated like any other. */
    public ServiceConfig with(String name, String value) {
        validate(definition(name), value);
        checkRange(name, value);
        Map<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        ServiceConfig config = new ServiceConfig(copy);
        ModelConfigs.validate(config);
        return config;
    }

    private static ConfigKey definition(String name) {
        return KEYS.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no configuration key '" + name + "'"));
    }

    /** String value of a key. */
    public String string(String name) {
        return require(name);
    }

    /** Integer value of a key. */
    public int integer(String name) {
        return Integer.parseInt(require(name).trim());
    }

    /** Long value of a key. */
    public long longValue(String name) {
        return Long.parseLong(require(name).trim());
    }

    /** Double value of a key. */
    public double decimal(String name) {
        return Double.parseDouble(require(name).trim());
    }

    /** Boolean value of a key. */
    public boolean bool(String name) {
        return Boolean.parseBoolean(require(name).trim());
    }

    private String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no configuration key '" + name + "'");
        }
        return v;
    }
}
