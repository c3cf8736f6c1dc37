package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.kernel.MembraneKernels;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A whole event-mode learner gives the same predictions, verdicts, weights and counts whichever membrane kernel runs:
 * the hidden rule and the spikes readout learning (every layer's pass, gate and update), on two hidden layers whose
 * sizes are not a multiple of any vector length, with decay gaps below and above the decay table's reach.
 */
class KernelEquivalenceTest {

    @Test
    void vectorAndScalarKernelsLearnTheSameModel() {
        NacaConfig config = NacaConfig.builder().sizes(300, List.of(77, 45), 4).learningRates(0.003f, 0.01f)
                .neuron(0.3f, 0.3f).seed(5).build();
        Run scalar = run(config, MembraneKernels.named("scalar"));
        Run vector = run(config, MembraneKernels.named("vector"));
        assertTrue(scalar.recorder.segments.size() >= 10, "the stream closes segments");
        assertTrue(scalar.learner.counts().layers().get(0).spikes() > 100, "hidden units spike");
        assertEquals(scalar.recorder.segments, vector.recorder.segments);
        assertEquals(scalar.recorder.predictions.size(), vector.recorder.predictions.size());
        for (int i = 0; i < scalar.recorder.predictions.size(); i++) {
            assertArrayEquals(scalar.recorder.predictions.get(i).scores(), vector.recorder.predictions.get(i).scores());
        }
        for (int l = 0; l < config.hiddenLayers() + 1; l++) {
            float[][] a = scalar.learner.network().weights(l);
            float[][] b = vector.learner.network().weights(l);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(a[i], b[i], "layer " + l + " row " + i);
            }
        }
        assertEquals(scalar.learner.counts().layers(), vector.learner.counts().layers());
    }

    private record Run(NacaLearner learner, Recorder recorder) {
    }

    private static Run run(NacaConfig config, MembraneKernel kernel) {
        LabelBook book = new LabelBook();
        for (int s = 0; s < 12; s++) {
            book.add(new LabelSegment("s", s % 4, s * 50_000L, (s + 1) * 50_000L, s % 3 != 2));
        }
        NacaLearner learner = new NacaLearner(new NacaNetwork(config), book, 10_000, true,
                SegmentReplay.DEFAULT_LIMIT, kernel);
        Recorder recorder = new Recorder();
        SplittableRandom r = new SplittableRandom(11);
        long t = 0;
        for (int packet = 0; packet < 60; packet++) {
            int n = 200;
            int[] inputs = new int[n];
            long[] times = new long[n];
            for (int k = 0; k < n; k++) {
                t += r.nextInt(8) == 0 ? 5_000 + r.nextInt(5_000) : r.nextInt(40);
                inputs[k] = r.nextInt(config.inputs());
                times[k] = t;
            }
            learner.process(SpikeTrain.of("s", inputs, times), recorder);
        }
        learner.finish(recorder);
        return new Run(learner, recorder);
    }
}
