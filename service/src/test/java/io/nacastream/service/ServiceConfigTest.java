package io.nacastream.service;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.naca.NacaConfig;
import org.junit.jupiter.api.Test;

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
    void learnerKeysSelectTheAlgorithmModeAndLayers() {
        ServiceConfig tick = ServiceConfig.of(Map.of("learner.mode", "tick", "learner.hidden", "64, 32",
                "learner.tick-us", "5000"), Map.of());
        NacaConfig naca = LearnerFactory.naca(tick, 2048);
        assertEquals(NacaConfig.Mode.TICK, naca.mode());
        assertEquals(List.of(64, 32), naca.hiddenSizes());
        assertEquals(5000, naca.tickUs());
        assertEquals("naca", LearnerFactory.create(tick, 2048, new LabelBook(), 100_000).algorithm());
        ServiceConfig bp = ServiceConfig.of(Map.of("learner.algorithm", "bp+ewc", "learner.hidden", "16"), Map.of());
        assertEquals("bp+ewc", LearnerFactory.create(bp, 64, new LabelBook(), 100_000).algorithm());
        assertEquals(1000f, LearnerFactory.bp(bp, 64).ewcLambda());

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
}
