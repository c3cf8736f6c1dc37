package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.InputGrid;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.sink.SinkTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceConfigTest {

    @Test
    void argumentsWinOverEnvironmentWhichWinsOverDefaults() {
        ServiceConfig c = ServiceConfig.of(ServiceConfig.parseArgs(new String[] {"--learner.hidden=64"}),
                Map.of("NACA_LEARNER_HIDDEN", "32", "NACA_SYNTHETIC_TEST_SUBJECTS", "2"));
        assertEquals(64, c.integer("learner.hidden"));
        assertEquals(2, c.integer("synthetic.test-subjects"));
        assertEquals("dvs.events", c.string("topic.events"));
    }

    @Test
    void badKeysAndValuesAreNamed() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of("learner.hiden", "3"), Map.of()));
        assertTrue(unknown.getMessage().contains("learner.hiden"));
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of(), Map.of("NACA_LEARNER_HIDDEN", "many")));
        assertTrue(type.getMessage().contains("learner.hidden") && type.getMessage().contains("int"));
        assertThrows(IllegalArgumentException.class, () -> ServiceConfig.parseArgs(new String[] {"hidden=3"}));
    }

    @Test
    void theEncoderAndClassKeysShapeTheModel() {
        ServiceConfig defaults = ServiceConfig.of(Map.of(), Map.of());
        assertEquals(2048, ModelConfigs.encoder(defaults).inputCount());
        assertEquals(11, ModelConfigs.classes(defaults).count());
        assertEquals(11, ModelConfigs.naca(defaults, 2048).classes());
        ServiceConfig custom = ServiceConfig.of(Map.of("encoder.grid", "16x8", "encoder.roi", "10,20,320,240",
                "learner.classes", "cat,dog,bird"), Map.of());
        assertEquals(256, ModelConfigs.encoder(custom).inputCount());
        assertEquals("10,20,320,240", ModelConfigs.encoder(custom).grid().roi().orElseThrow().toString());
        assertEquals(List.of("cat", "dog", "bird"), Settings.of(custom).schema().classes().names());
        assertEquals(10, ModelConfigs.classes(defaults.with("learner.classes", "10")).count());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of("encoder.pool", "4"), Map.of()));
        assertTrue(pool.getMessage().contains("replaced by encoder.grid"), pool.getMessage());
        for (Map.Entry<String, String> bad : Map.of("encoder.grid", "32", "encoder.roi", "1,2,3",
                "learner.classes", "a,,b", "encoder.refractory-us", "-1").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceConfig.of(Map.of(bad.getKey(), bad.getValue()), Map.of()), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()), e.getMessage());
        }
        IllegalArgumentException synthetic = assertThrows(IllegalArgumentException.class,
                () -> Settings.of(custom).learner().requireGestureClasses());
        assertTrue(synthetic.getMessage().contains("dvs-gesture"), synthetic.getMessage());
    }

    @Test
    void learnerKeysSelectTheAlgorithmModeAndLayers() {
        ServiceConfig tick = ServiceConfig.of(Map.of("learner.mode", "tick", "learner.hidden", "64, 32",
                "learner.tick-us", "5000"), Map.of());
        NacaConfig naca = ModelConfigs.naca(tick, 2048);
        assertEquals(NacaConfig.Mode.TICK, naca.mode());
        assertEquals(List.of(64, 32), naca.hiddenSizes());
        assertEquals(5000, naca.tickUs());

        IllegalArgumentException saveBp = assertThrows(IllegalArgumentException.class, () -> ServiceConfig.of(
                Map.of("learner.algorithm", "bp", "checkpoint.path", "m.ckpt"), Map.of()));
        assertTrue(saveBp.getMessage().contains("checkpoint.path"), saveBp.getMessage());
        for (Map.Entry<String, String> bad : Map.of("learner.algorithm", "sgd", "learner.mode", "ticks",
                "learner.hidden", "64,0", "learner.tick-us", "0", "learner.mask-delta", "1.5").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceConfig.of(Map.of(bad.getKey(), bad.getValue()), Map.of()), bad.toString());
            assertTrue(e.getMessage().contains(bad.getKey()) || e.getMessage().contains("learner configuration"),
                    e.getMessage());
        }
    }

    @Test
    void everyKeyIsDocumentedOnceAndInHelp() {
        Set<String> names = new HashSet<>();
        String help = ConfigKey.help(ServiceConfig.KEYS);
        for (ConfigKey k : ServiceConfig.KEYS) {
            assertTrue(names.add(k.name()), "duplicate " + k.name());
            assertFalse(k.doc().isBlank(), k.name());
            assertTrue(help.contains("--" + k.name() + "=") && help.contains(k.envName()), k.name());
        }
    }

    @Test
    void aPropertiesFileIsOverriddenByEnvironmentAndArguments(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("naca.properties");
        Files.writeString(file, "learner.hidden=128\nmodels.max-live=8\ngroup.id=from-file\n");
        ServiceConfig c = ServiceConfig.load(new String[] {"--config-file=" + file, "--models.max-live=4"},
                Map.of("NACA_LEARNER_HIDDEN", "96"));
        assertEquals(96, c.integer("learner.hidden"), "env wins over the file");
        assertEquals(4, c.integer("models.max-live"), "arguments win over the file");
        assertEquals("from-file", c.string("group.id"), "the file wins over defaults");
        ServiceConfig viaEnv = ServiceConfig.load(new String[0], Map.of(ServiceConfig.CONFIG_FILE_ENV,
                file.toString()));
        assertEquals(128, viaEnv.integer("learner.hidden"));

        Files.writeString(file, "models.max-lives=8\n");
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.load(new String[] {"--config-file=" + file}, Map.of()));
        assertTrue(unknown.getMessage().contains("models.max-lives") && unknown.getMessage().contains(
                file.toString()), unknown.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.load(new String[] {"--config-file=" + dir.resolve("absent")}, Map.of()));
        assertTrue(missing.getMessage().contains("absent"), missing.getMessage());
    }

    @Test
    void rangesAreCheckedNamingTheKey() {
        for (Map.Entry<String, String> bad : Map.of("http.port", "70000", "models.max-live", "0",
                "checkpoint.interval-ms", "5", "group.session-timeout-ms", "10").entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceConfig.of(Map.of(bad.getKey(), bad.getValue()), Map.of()), bad.toString());
            assertTrue(e.getMessage().contains("'" + bad.getKey() + "'"), e.getMessage());
        }
    }

    /** A value each key with a validator refuses, though it is of the key's type: {@code key=value} lines. */
    private static final Map<String, String> REFUSED = lines("""
            topic.events=\s
            topic.labels=
            topic.predictions=
            topic.energy=
            topic.dead-letter=
            topic.partitions=0
            group.id=
            group.session-timeout-ms=10
            synthetic.train-subjects=-1
            synthetic.test-subjects=-1
            synthetic.take-ms=0
            synthetic.gap-ms=-1
            packet.max-events=0
            packet.max-us=0
            encoder.denoise-us=-1
            encoder.pixel-refractory-us=60000001
            encoder.refractory-us=-1
            learner.classes=a,,b
            learner.algorithm=sgd
            learner.mode=ticks
            learner.kernel=simd
            learner.tick-us=0
            learner.tick-decay=1
            learner.hidden=64,0
            learner.eta-hidden=-0.1
            learner.eta-output=NaN
            learner.threshold=0
            learner.mask-delta=1.5
            learner.weight-bound=Infinity
            learner.readout=votes
            model.scope=subject
            learner.readout-ridge=0
            learner.replay-limit=0
            drtp.eta-hidden=-0.1
            dfa.eta-hidden=-1
            dfa.threshold=0
            bp.learning-rate=0
            bp.optimiser=rmsprop
            bp.bin-us=0
            bp.trace-us=-1
            softmax.learning-rate=-1
            ridge.penalty=0
            sbp.variant=sideways
            sbp.learning-rate=0
            backei.learning-rate=0
            backei.bin-us=0
            backei.truncation-steps=0
            bp.ewc-lambda=-1
            evaluation.interval-segments=0
            prediction.interval-ms=0
            energy.interval-packets=0
            energy.pj-per-ac=-1
            energy.pj-per-mac=-1
            energy.pj-per-compare=-1
            energy.pj-per-exp=-1
            energy.pj-per-weight-read=-1
            energy.pj-per-weight-write=-1
            energy.pj-per-state-access=-1
            run.timeout-s=0
            dashboard.hold-s=86401
            dashboard.window=0
            http.port=70000
            http.bind-address=
            http.tls.keystore=/no/such/keystore.p12
            http.tls.keystore-type=PEM
            http.auth=digest
            http.auth.token=two words
            http.auth.user=ops:team
            http.auth.password=pass\tword
            models.max-live=0
            checkpoint.interval-ms=5
            processing.guarantee=exactly_twice
            commit.interval-ms=5
            commit.transaction-timeout-ms=999
            shutdown.timeout-s=0
            stream.max-gap-ms=0
            stream.resync-packets=0
            labels.orphan-timeout-s=0
            """);

    /** Numeric keys whose every value is valid. */
    private static final Set<String> UNBOUNDED = Set.of("synthetic.seed", "learner.seed");

    @Test
    void everyKeyWithValidValuesRefusesOthersNamingTheKey() {
        Set<String> validated = new HashSet<>();
        for (ConfigKey k : ServiceConfig.KEYS) {
            if (!k.validator().acceptsAll()) {
                validated.add(k.name());
                k.check(k.defaultValue());
            }
            boolean numeric = Set.of(ConfigKey.Type.INT, ConfigKey.Type.LONG, ConfigKey.Type.DOUBLE).contains(k.type());
            assertTrue(!numeric || UNBOUNDED.contains(k.name()) || !k.validator().acceptsAll(),
                    "numeric key without a range: " + k.name());
        }
        assertEquals(REFUSED.keySet(), validated, "the keys with valid values and the values they refuse");
        for (Map.Entry<String, String> bad : REFUSED.entrySet()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServiceConfig.of(Map.of(bad.getKey(), bad.getValue()), Map.of()), bad.toString());
            assertTrue(e.getMessage().startsWith("configuration key '" + bad.getKey() + "' must be "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> ServiceConfig.of(Map.of(), Map.of())
                    .with(bad.getKey(), bad.getValue()), bad.toString());
        }
    }

    @Test
    void choicesAndCustomValidatorsSayWhatIsValidAndTakeAnyCase() {
        ServiceConfig c = ServiceConfig.of(Map.of("learner.algorithm", " BP+EWC ", "learner.mode", "Tick",
                "learner.readout", "SPIKES", "bp.optimiser", "Sgd", "learner.tick-decay", "0.25"), Map.of());
        Settings s = Settings.of(c);
        assertEquals(LearnerSettings.Algorithm.BP_EWC, s.learner().algorithm());
        assertEquals(NacaConfig.Mode.TICK, s.learner().naca().mode());
        assertEquals(NacaConfig.Readout.SPIKES, s.learner().naca().readout());
        assertEquals(0.25f, s.learner().naca().decayPerTick());
        IllegalArgumentException algorithm = assertThrows(IllegalArgumentException.class,
                () -> c.with("learner.algorithm", "sgd"));
        assertEquals("configuration key 'learner.algorithm' must be naca, drtp, dfa, bp, bp+ewc, softmax, ridge, sbp "
                + "or backei, got 'sgd'",
                algorithm.getMessage());
        IllegalArgumentException decay = assertThrows(IllegalArgumentException.class,
                () -> c.with("learner.tick-decay", "fast"));
        assertTrue(decay.getMessage().contains("tau or a number in [0, 1)"), decay.getMessage());
        IllegalArgumentException oneClass = assertThrows(IllegalArgumentException.class,
                () -> c.with("learner.classes", "1"));
        assertTrue(oneClass.getMessage().startsWith("configuration key 'learner.classes' must be dvs-gesture, a count"),
                oneClass.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () -> c.with("http.port", "-2"));
        assertEquals("configuration key 'http.port' must be between -1 and 65535, got '-2'", port.getMessage());
        assertTrue(ConfigKey.help(ServiceConfig.KEYS).contains("valid: event or tick"));
    }

    @Test
    void settingsAreBuiltFromTheDefaults() {
        Settings s = Settings.defaults();
        assertEquals(new TopicSettings("dvs.events", "dvs.labels", "naca.predictions", "naca.energy",
                "naca.dead-letter", 1), s.topics());
        assertEquals(new SinkTopics("naca.predictions", "naca.energy", "naca.dead-letter"), s.topics().sinkTopics());
        assertEquals(EncoderConfig.defaults(), s.encoder());
        LearnerSettings learner = s.learner();
        assertEquals(LearnerSettings.Algorithm.NACA, learner.algorithm());
        assertEquals(ClassNames.dvsGesture(), learner.classes());
        assertEquals(ModelConfigs.naca(ServiceConfig.of(Map.of(), Map.of()), 2048), learner.naca());
        assertEquals(List.of(256), learner.naca().hiddenSizes());
        assertTrue(learner.countOps());
        assertEquals(2_000_000, learner.replayLimit());
        assertEquals(100_000, learner.predictionIntervalUs());
        assertEquals(11, learner.evaluationEverySegments());
        assertEquals(new BaselineSettings(20_000, 0, 0.003, 1000, "adam", 1, 0.1, "pre", 0.1,
                new BaselineSettings.BackEi(0.01, 5_000, 20)), learner.baselines());
        assertEquals(EnergyModel.horowitz45nm(), s.energy());
        assertEquals(new SyntheticSettings(true, 42, 12, 4, 1_500_000, 250_000), s.synthetic());
        assertEquals(new RunSettings("", Duration.ofSeconds(600), Optional.empty(), Optional.empty(), 8192, 20_000,
                200), s.run());
        assertFalse(s.run().savesModel());
        ServiceSettings service = s.service();
        assertEquals(new ServiceSettings.Group("naca-stream", Optional.empty(), Duration.ofSeconds(10)),
                service.group());
        assertEquals(new ServiceSettings.Checkpoints(Optional.of("naca.checkpoints"), Optional.empty(),
                Duration.ofSeconds(10)), service.checkpoints());
        assertEquals(new ServiceSettings.Models(ModelScope.STREAM, 64, Optional.empty(), ""), service.models());
        assertEquals(new ServiceSettings.StreamLimits(600_000_000, 16, Duration.ofHours(1)), service.limits());
        assertEquals(Duration.ofSeconds(30), service.shutdownTimeout());
        assertTrue(service.metricsEnabled());
        assertEquals(new HttpSettings("0.0.0.0", 8080, new HttpSettings.Tls(Optional.empty(), "", "PKCS12"),
                HttpSettings.Auth.NONE, true, 50, Duration.ZERO), s.http());
        assertEquals("http", s.http().scheme());
        assertTrue(s.http().servesDashboard());
        assertEquals(new ModelSchema(InputGrid.DEFAULT, ClassNames.dvsGesture()), s.schema());
    }

    @Test
    void settingsFollowOverrides(@TempDir Path dir) {
        Path ckpt = dir.resolve("m.ckpt");
        Settings s = Settings.of(ServiceConfig.of(Map.ofEntries(Map.entry("topic.events", "cam.events"),
                Map.entry("topic.partitions", "4"), Map.entry("encoder.grid", "16x8"),
                Map.entry("learner.classes", "cat,dog,bird"), Map.entry("learner.hidden", "64,32"),
                Map.entry("prediction.interval-ms", "10"), Map.entry("bp.ewc-lambda", "5"),
                Map.entry("energy.pj-per-mac", "3.5"), Map.entry("synthetic.take-ms", "600"),
                Map.entry("checkpoint.path", " " + ckpt + " "), Map.entry("bootstrap.servers", " broker:9092 "),
                Map.entry("group.instance-id", "node-1"), Map.entry("checkpoint.topic", " "),
                Map.entry("checkpoint.dir", dir.toString()), Map.entry("model.base", ckpt.toString()),
                Map.entry("stream.max-gap-ms", "250"), Map.entry("shutdown.timeout-s", "5"),
                Map.entry("http.port", "-1"), Map.entry("dashboard.hold-s", "3")), Map.of()));
        assertEquals("cam.events", s.topics().events());
        assertEquals(4, s.topics().partitions());
        assertEquals(256, s.encoder().inputCount());
        assertEquals(256, s.learner().naca().inputs());
        assertEquals(List.of(64, 32), s.learner().naca().hiddenSizes());
        assertEquals(3, s.learner().naca().classes());
        assertEquals(List.of("cat", "dog", "bird"), s.schema().classes().names());
        assertEquals(10_000, s.learner().predictionIntervalUs());
        assertEquals(5, s.learner().baselines().bpEwcLambda());
        assertEquals(3.5, s.energy().pjPerMac());
        assertEquals(600_000, s.synthetic().takeUs());
        assertEquals(Optional.of(ckpt), s.run().checkpointPath());
        assertTrue(s.run().savesModel());
        assertEquals("broker:9092", s.run().bootstrapServers());
        assertEquals(Optional.of("node-1"), s.service().group().instanceId());
        assertEquals(Optional.empty(), s.service().checkpoints().topic());
        assertEquals(Optional.of(dir), s.service().checkpoints().dir());
        assertEquals(Optional.of(ckpt), s.service().models().base());
        assertEquals(250_000, s.service().limits().maxGapUs());
        assertEquals(Duration.ofSeconds(5), s.service().shutdownTimeout());
        assertFalse(s.http().enabled());
        assertFalse(s.http().servesDashboard());
        assertEquals(Duration.ofSeconds(3), s.http().dashboardHold());
    }

    @Test
    void theNacaNetworksHiddenRulesTakeTheirOwnRatesAndDfaTheSpikesReadoutAtItsOwnThreshold() {
        Settings drtp = Settings.of(ServiceConfig.of(Map.of("learner.algorithm", "drtp", "drtp.eta-hidden", "0.002"),
                Map.of()));
        assertEquals(NacaConfig.HiddenRule.DRTP, drtp.learner().naca().hiddenRule());
        assertEquals(0.002f, drtp.learner().naca().etaHidden());
        assertTrue(drtp.learner().nacaFamily());
        assertEquals(NacaConfig.HiddenRule.NACA, Settings.defaults().learner().naca().hiddenRule());
        assertEquals(NacaConfig.Readout.SPIKES, drtp.learner().naca(NacaConfig.HiddenRule.DFA).readout(),
                "the bench's dfa runs with the readout it needs");
        IllegalArgumentException dfa = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of("learner.algorithm", "dfa"), Map.of()));
        assertEquals("configuration key 'learner.algorithm' is dfa, which needs learner.readout=spikes: the output "
                + "layer's error teaches its hidden layers", dfa.getMessage());
        NacaConfig served = Settings.of(ServiceConfig.of(Map.of("learner.algorithm", "dfa",
                "learner.readout", "spikes"), Map.of())).learner().naca();
        assertEquals(NacaConfig.HiddenRule.DFA, served.hiddenRule());
        assertEquals(0.5f, served.threshold(), "DFA runs at its own threshold, dfa.threshold");
        assertEquals(0.5f, served.lens(), "and its surrogate window follows it");
        assertEquals(0.2f, drtp.learner().naca().threshold(), "DRTP and NACA at learner.threshold");
        NacaConfig bench = Settings.of(ServiceConfig.of(Map.of("dfa.threshold", "0.4", "learner.threshold", "0.3"),
                Map.of())).learner().naca(NacaConfig.HiddenRule.DFA);
        assertEquals(0.4f, bench.threshold(), "the bench's dfa too");
        assertEquals(0.3f, Settings.of(ServiceConfig.of(Map.of("dfa.threshold", "0.4", "learner.threshold", "0.3"),
                Map.of())).learner().naca(NacaConfig.HiddenRule.DRTP).threshold());
    }

    @Test
    void theHttpKeysAgreeWithEachOther(@TempDir Path dir) throws Exception {
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of("http.host", "127.0.0.1"), Map.of()));
        assertEquals("configuration key 'http.host' was replaced by http.bind-address (the address the HTTP server "
                + "listens on)", host.getMessage());
        IllegalArgumentException hostEnv = assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(Map.of(), Map.of("NACA_HTTP_HOST", "127.0.0.1")));
        assertTrue(hostEnv.getMessage().contains("(environment variable NACA_HTTP_HOST) was replaced by "
                + "http.bind-address"), hostEnv.getMessage());
        Map<Map<String, String>, String> refused = Map.of(
                Map.of("http.auth", "bearer"), "configuration key 'http.auth' is bearer and needs 'http.auth.token'",
                Map.of("http.auth", "basic", "http.auth.user", "ops"),
                "configuration key 'http.auth' is basic and needs 'http.auth.password'",
                Map.of("http.auth", "basic", "http.auth.password", "pw"),
                "configuration key 'http.auth' is basic and needs 'http.auth.user'",
                Map.of("http.auth.token", "t0ken"), "configuration key 'http.auth.token' applies to http.auth=bearer, "
                        + "not none",
                Map.of("http.auth", "bearer", "http.auth.token", "t0ken", "http.auth.user", "ops"),
                "configuration key 'http.auth.user' applies to http.auth=basic, not bearer",
                Map.of("http.auth.metrics", "true"), "configuration keys 'http.auth.health' and 'http.auth.metrics' "
                        + "guard paths with http.auth, which is none: set http.auth=bearer or basic",
                Map.of("http.tls.keystore", Files.writeString(dir.resolve("k.p12"), "").toString()),
                "configuration key 'http.tls.keystore' needs 'http.tls.keystore-password'",
                Map.of("http.auth.health", "yes"), "configuration key 'http.auth.health' must be boolean, got 'yes'");
        refused.forEach((keys, message) -> assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> ServiceConfig.of(keys, Map.of())).getMessage(), keys.toString()));
        HttpSettings basic = Settings.of(ServiceConfig.of(Map.of("http.auth", "Basic", "http.auth.user", " ops ",
                "http.auth.password", " pass word\n", "http.auth.health", "true"), Map.of())).http();
        assertEquals(new HttpSettings.Auth(HttpSettings.AuthMode.BASIC, "", "ops", "pass word", true, false),
                basic.auth());
        assertEquals("Auth[mode=basic, token=, user=ops, password=[hidden], health=true, metrics=false]",
                basic.auth().toString());
    }

    /** The {@code key=value} lines of {@code text} as a map (a value may be empty). */
    private static Map<String, String> lines(String text) {
        Map<String, String> map = new HashMap<>();
        for (String line : text.lines().toList()) {
            int eq = line.indexOf('=');
            map.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return map;
    }

    /** docs/configuration.md carries the table generated from {@link ServiceConfig#KEYS}, word for word. */
    @Test
    void configurationDocMatchesTheDefinition() throws Exception {
        Path doc = Path.of(System.getProperty("naca.repo.dir", "../.."), "docs", "configuration.md");
        String table = ConfigKey.markdown(ServiceConfig.KEYS);
        if (Boolean.getBoolean("naca.regenerate-docs")) {
            String text = Files.readString(doc);
            int from = text.indexOf("| key |");
            int to = text.indexOf("\n\n", from) < 0 ? text.length() : text.indexOf("\n\n", from);
            Files.writeString(doc, text.substring(0, from) + table.stripTrailing() + text.substring(to));
        }
        assertTrue(table.contains("| `http.port` | `NACA_HTTP_PORT` | int | `8080` | between -1 and 65535 |"),
                "the table has a column of valid values");
        assertTrue(Files.readString(doc).contains(table.stripTrailing()), "docs/configuration.md is out of date: "
                + "run mvn -pl service/server test -Dtest=ServiceConfigTest -Dnaca.regenerate-docs=true");
    }
}
