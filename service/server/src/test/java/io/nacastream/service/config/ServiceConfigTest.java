package io.nacastream.service.config;

import io.nacastream.learner.naca.NacaConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        assertEquals(List.of("cat", "dog", "bird"), ModelConfigs.schema(custom).classes().names());
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
                () -> ModelConfigs.requireGestureClasses(custom));
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
        assertTrue(Files.readString(doc).contains(table.stripTrailing()), "docs/configuration.md is out of date: "
                + "run mvn -pl service test -Dtest=ServiceConfigTest -Dnaca.regenerate-docs=true");
    }
}
