package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code learner.algorithm} and the baselines' keys build the learner they name. */
class LearnersTest {

    @Test
    void theAlgorithmKeySelectsTheLearnerAndTheBaselineKeysShapeIt() {
        ServiceConfig tick = ServiceConfig.of(Map.of("learner.mode", "tick", "learner.hidden", "64, 32",
                "learner.tick-us", "5000"), Map.of());
        assertEquals("naca", Learners.create(tick, 2048, new LabelBook(), 100_000).algorithm());
        ServiceConfig bp = ServiceConfig.of(Map.of("learner.algorithm", "bp+ewc", "learner.hidden", "16"), Map.of());
        assertEquals("bp+ewc", Learners.create(bp, 64, new LabelBook(), 100_000).algorithm());
        assertEquals(1000f, Learners.bp(bp, 64).ewcLambda());
        ServiceConfig custom = ServiceConfig.of(Map.of("learner.classes", "cat,dog,bird"), Map.of());
        assertEquals(3, Learners.bp(custom, 256).classes());
    }
}
