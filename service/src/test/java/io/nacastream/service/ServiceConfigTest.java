package io.nacastream.service;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
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
