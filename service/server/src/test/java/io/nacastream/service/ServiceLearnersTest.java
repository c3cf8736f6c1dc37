package io.nacastream.service;

import io.nacastream.learner.sbp.SbpConfig;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.stream.NacaModels;
import io.nacastream.service.stream.SbpModels;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which learners a service jar runs: the NACA network's and SBP everywhere, others only where added. */
class ServiceLearnersTest {

    private static Settings settings(String... keyValues) {
        Map<String, String> overrides = new HashMap<>();
        for (int k = 0; k < keyValues.length; k += 2) {
            overrides.put(keyValues[k], keyValues[k + 1]);
        }
        return Settings.of(ServiceConfig.of(overrides, Map.of()));
    }

    @Test
    void theLeanJarRunsTheNacaNetworksLearnersAndSbp() {
        ServiceLearners lean = ServiceLearners.lean();
        for (String rule : new String[] {"naca", "drtp", "dfa"}) {
            NacaModels naca = assertInstanceOf(NacaModels.class,
                    lean.models(settings("learner.algorithm", rule, "learner.readout", "spikes")));
            assertEquals(rule, naca.algorithm());
        }
        SbpModels sbp = assertInstanceOf(SbpModels.class, lean.models(settings("learner.algorithm", "sbp")));
        assertEquals("sbp", sbp.algorithm());
    }

    @Test
    void otherLearnersAreRefusedNamingTheKey() {
        IllegalArgumentException bp = assertThrows(IllegalArgumentException.class,
                () -> ServiceLearners.lean().require(settings("learner.algorithm", "bp")));
        assertEquals("configuration key 'learner.algorithm': this service runs naca, drtp, dfa, sbp, not 'bp'",
                bp.getMessage());
        IllegalArgumentException base = assertThrows(IllegalArgumentException.class,
                () -> ServiceLearners.lean().require(settings("learner.algorithm", "sbp", "model.base", "/m.naca")));
        assertEquals("configuration keys 'model.base' and 'model.named-bases' name NACA checkpoints, which "
                + "learner.algorithm=sbp cannot start from: leave them empty", base.getMessage());
    }

    @Test
    void anAddedLearnerRunsFromItsFactory() {
        SbpModels stub = new SbpModels(SbpConfig.of(4, List.of(2), 2, SbpConfig.Variant.ALL, 0.1f, 1), 1,
                false);
        ServiceLearners more = ServiceLearners.lean().with(LearnerSettings.Algorithm.BACKEI, s -> stub);
        assertSame(stub, more.models(settings("learner.algorithm", "backei")));
        IllegalArgumentException bp = assertThrows(IllegalArgumentException.class,
                () -> more.require(settings("learner.algorithm", "bp")));
        assertEquals("configuration key 'learner.algorithm': this service runs naca, drtp, dfa, sbp, backei, not 'bp'",
                bp.getMessage());
    }
}
