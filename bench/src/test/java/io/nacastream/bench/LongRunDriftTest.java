package io.nacastream.bench;

import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.service.config.ServiceConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A long stream does not drift (issues 7 and 19): the service's default learner replays six synthetic subjects twelve
 * times (240 s of stream time, 11 M input spikes) and holds its replay accuracy within 5 points of its best. With the
 * hidden rule on, the weight bound keeps weights, hidden activity and accuracy in place, and the reference rule
 * without the bound is shown to drift on the same stream, so the measures can tell the two apart. Tick mode holds its
 * activity still for 40 passes and, from pass 15, its accuracy on the replayed gestures, each scored before it is
 * learned again (strict test-then-train).
 */
class LongRunDriftTest {

    private static final int PASSES = 12;

    private static List<DriftBench.Pass> run(Map<String, String> options, int passCount, StringBuilder log) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        List<DriftBench.Pass> passes = new DriftBench(ServiceConfig.of(options, Map.of()), 6, passCount,
                new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
        log.append(buffer.toString(StandardCharsets.UTF_8));
        return passes;
    }

    private static double lastAccuracy(List<DriftBench.Pass> passes) {
        return passes.subList(passes.size() - 3, passes.size()).stream().mapToDouble(DriftBench.Pass::accuracy)
                .average().orElseThrow();
    }

    @Test
    void theDefaultLearnerHoldsItsReplayAccuracyWithinFivePointsOfItsBest() {
        StringBuilder log = new StringBuilder();
        List<DriftBench.Pass> passes = run(Map.of(), PASSES, log);
        double best = passes.stream().mapToDouble(DriftBench.Pass::accuracy).max().orElseThrow();
        for (DriftBench.Pass p : passes.subList(1, passes.size())) {   // pass 1 meets every gesture for the first time
            assertTrue(p.health().finite(), "pass " + p.pass() + " finite\n" + log);
            assertTrue(p.accuracy() >= best - 0.05, "pass " + p.pass() + " replay accuracy\n" + log);
            assertEquals(1.0, p.health().maxGrowth(), 1e-6, "the default hidden layer is fixed\n" + log);
        }
        assertTrue(best >= 0.95, "seen gestures are recognised\n" + log);
    }

    /** The hidden rule on (as the default was before issue 19): the weight bound is what keeps it from drifting. */
    @Test
    void withTheHiddenRuleOnTheBoundKeepsWeightsActivityAndAccuracyWhereUnboundedOnesDrift() {
        Map<String, String> ruleOn = Map.of("learner.eta-hidden", "0.003", "learner.readout", "spikes",
                "learner.threshold", "0.5");
        StringBuilder log = new StringBuilder();
        List<DriftBench.Pass> bounded = run(ruleOn, PASSES, log);
        float bound = (float) ServiceConfig.of(Map.of(), Map.of()).decimal("learner.weight-bound");
        assertTrue(bound > 0, "the service bounds weights by default");
        for (DriftBench.Pass p : bounded) {
            assertTrue(p.health().finite(), "pass " + p.pass() + " finite\n" + log);
            for (NetworkHealth.Layer layer : p.health().layers()) {
                assertTrue(layer.maxAbs() <= bound, "pass " + p.pass() + " |w| <= " + bound + "\n" + log);
            }
        }
        DriftBench.Pass second = bounded.get(1);
        DriftBench.Pass last = bounded.get(PASSES - 1);
        assertTrue(last.hiddenRate() <= 1.25 * second.hiddenRate(), "hidden activity does not climb\n" + log);
        assertTrue(lastAccuracy(bounded) >= 0.9, "seen gestures still recognised\n" + log);

        Map<String, String> unbounded = new java.util.HashMap<>(ruleOn);
        unbounded.put("learner.weight-bound", "0");
        List<DriftBench.Pass> reference = run(unbounded, PASSES, log);
        DriftBench.Pass refLast = reference.get(PASSES - 1);
        assertTrue(refLast.health().maxGrowth() > 10 * last.health().maxGrowth(),
                "unbounded weights keep growing\n" + log);
        double lowest = reference.stream().mapToDouble(DriftBench.Pass::hiddenRate).min().orElseThrow();
        assertTrue(refLast.hiddenRate() > 1.25 * lowest, "unbounded activity climbs back once settled\n" + log);
        assertTrue(lastAccuracy(reference) < 0.8, "and the unbounded model forgets what it saw\n" + log);
    }

    @Test
    void tickModeWithTheBoundHoldsStillForFortyPasses() {
        StringBuilder log = new StringBuilder();
        List<DriftBench.Pass> passes = run(Map.of("learner.mode", "tick"), 40, log);
        double settled = passes.get(9).hiddenRate();
        for (DriftBench.Pass p : passes.subList(10, passes.size())) {
            assertTrue(Math.abs(p.hiddenRate() - settled) <= 0.05 * settled, "pass " + p.pass() + " activity\n" + log);
        }
        for (DriftBench.Pass p : passes.subList(14, passes.size())) {   // scored before relearning each gesture
            assertTrue(p.accuracy() >= 0.95, "pass " + p.pass() + " replay accuracy\n" + log);
        }
    }
}
