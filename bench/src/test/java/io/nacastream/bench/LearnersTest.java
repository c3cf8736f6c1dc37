package io.nacastream.bench;

import io.nacastream.learner.LabelBook;
import io.nacastream.learner.backei.BackEiConfig;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.service.config.LearnerSettings;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code learner.algorithm} and the baselines' keys build the learner they name. */
class LearnersTest {

    @Test
    void theAlgorithmKeySelectsTheLearnerAndTheBaselineKeysShapeIt() {
        ServiceConfig tick = ServiceConfig.of(Map.of("learner.mode", "tick", "learner.hidden", "64, 32",
                "learner.tick-us", "5000"), Map.of());
        assertEquals("naca", Learners.create(Settings.of(tick).learner(), new LabelBook()).algorithm());
        ServiceConfig bp = ServiceConfig.of(Map.of("learner.algorithm", "bp+ewc", "learner.hidden", "16"), Map.of());
        assertEquals("bp+ewc", Learners.create(LearnerSettings.of(bp, 64), new LabelBook()).algorithm());
        assertEquals(1000f, Learners.bp(LearnerSettings.of(bp, 64)).ewcLambda());
        ServiceConfig custom = ServiceConfig.of(Map.of("learner.classes", "cat,dog,bird"), Map.of());
        assertEquals(3, Learners.bp(LearnerSettings.of(custom, 256)).classes());
    }

    @Test
    void theBaselinesAreSizedLikeTheNacaNetworkAndReadTheirOwnKeys() {
        ServiceConfig config = ServiceConfig.of(Map.of("learner.algorithm", "bp", "learner.hidden", "32,16",
                "bp.optimiser", "SGD", "bp.bin-us", "5000", "bp.learning-rate", "0.01", "learner.seed", "3"), Map.of());
        BackpropConfig bp = Learners.bp(Settings.of(config).learner());
        assertEquals(new BackpropConfig(2048, List.of(32, 16), 11, 5000, 0.01f, 0f, 3,
                BackpropConfig.Optimiser.SGD, 0), bp);
        LearnerSettings softmax = Settings.of(config.with("learner.algorithm", "softmax")).learner();
        assertEquals("softmax", Learners.create(softmax, new LabelBook()).algorithm());
        LearnerSettings ridge = Settings.of(config.with("learner.algorithm", "ridge")).learner();
        assertEquals("ridge", Learners.create(ridge, new LabelBook()).algorithm());
        LearnerSettings backei = Settings.of(config.with("learner.algorithm", "backei")
                .with("backei.truncation-steps", "8")).learner();
        assertEquals("backei", Learners.create(backei, new LabelBook()).algorithm());
        assertEquals(new BackEiConfig(2048, List.of(32, 16), 11, 5_000, 0.01f, 8, 3), Learners.backei(backei));
    }
}
