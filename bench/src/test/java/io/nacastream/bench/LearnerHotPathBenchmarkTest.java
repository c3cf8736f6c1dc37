package io.nacastream.bench;

import io.nacastream.learner.naca.NacaConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.Blackhole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-path benchmark's kernel-alone method runs event mode's first layer exactly as the learner does: over the
 * same batches, it finds as many spikes as the learner counts on that layer, so the gap between the two is the rest
 * of the learner and nothing else.
 */
class LearnerHotPathBenchmarkTest {

    private static final Blackhole BLACKHOLE = new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");

    private static LearnerHotPathBenchmark benchmark(String kernel, boolean counters) {
        LearnerHotPathBenchmark b = new LearnerHotPathBenchmark();
        b.hidden = 128;
        b.learning = true;
        b.counters = counters;
        b.mode = NacaConfig.Mode.EVENT;
        b.network = "default";
        b.bound = 0.1f;
        b.kernel = kernel;
        b.setup(BLACKHOLE);
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"vector", "scalar"})
    void theKernelAloneFindsTheSpikesTheLearnerCountsOnItsFirstLayer(String kernel) {
        LearnerHotPathBenchmark learner = benchmark(kernel, true);
        LearnerHotPathBenchmark alone = benchmark(kernel, false);
        long found = 0;
        for (int batch = 0; batch < 6; batch++) {
            learner.learner();
            found += alone.membraneKernel();
        }
        long counted = learner.learnerCounts().layers().get(0).spikes();
        assertTrue(counted > 100, "the first layer fires on this input: " + counted);
        assertEquals(counted, found);
    }
}
