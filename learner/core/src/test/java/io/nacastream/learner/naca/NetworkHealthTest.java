package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.health.NetworkHealth;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkHealthTest {

    private static final LearnerListener QUIET = new LearnerListener() {
        @Override
        public void onPrediction(Prediction prediction) {
        }

        @Override
        public void onSegment(SegmentResult result) {
        }
    };

    private static NacaLearner learner() {
        return new NacaLearner(new NacaNetwork(NacaConfig.builder().sizes(4, List.of(3), 2).seed(5).build()),
                new LabelBook(), 1_000_000, false);
    }

    @Test
    void aFreshNetworkIsFiniteAndWithinItsInitialBound() {
        NetworkHealth h = NacaHealth.of(learner());
        assertTrue(h.finite());
        assertEquals(2, h.layers().size());
        assertEquals(12, h.layers().get(0).weights());
        assertEquals(0.5, h.layers().get(0).initBound(), 1e-12);   // 1/sqrt(4 inputs)
        assertTrue(h.maxGrowth() > 0 && h.maxGrowth() <= 1, "uniform in +-bound: " + h.maxGrowth());
    }

    @Test
    void nonFiniteWeightsAndPotentialsAreFound() {
        NacaLearner l = learner();
        l.network().setWeight(0, 1, 2, Float.NaN);
        l.network().setWeight(1, 0, 0, Float.POSITIVE_INFINITY);
        l.network().setWeight(0, 3, 0, 4f);   // 8x the bound of 0.5
        NetworkHealth h = NacaHealth.of(l);
        assertFalse(h.finite());
        assertEquals(1, h.layers().get(0).nonFinite());
        assertEquals(1, h.layers().get(1).nonFinite());
        assertEquals(8, h.maxGrowth(), 1e-6, "finite weights only");

        NacaLearner poisoned = learner();
        poisoned.network().setWeight(0, 0, 1, Float.NaN);
        poisoned.process(SpikeTrain.of("s", new int[] {0, 0}, new long[] {10, 20}), QUIET);
        assertTrue(poisoned.nonFinitePotentials() > 0, "a NaN weight reaches the membrane it feeds");
        assertFalse(NacaHealth.of(poisoned).finite());
    }

    private static NacaLearner absurdRates(float bound) {
        LabelBook labels = new LabelBook();
        labels.add(new LabelSegment("s", 1, 0, 1_000_000, true));   // learned at 1 s; the last second runs on it
        NacaConfig config = NacaConfig.builder().sizes(4, List.of(3), 2).seed(5).learningRates(1e38f, 1e38f)
                .weightBound(bound).build();
        NacaLearner l = new NacaLearner(new NacaNetwork(config), labels, 1_000_000, false);
        SplittableRandom r = new SplittableRandom(3);
        int n = 2_000;
        int[] inputs = new int[n];
        long[] times = new long[n];
        for (int k = 0; k < n; k++) {
            inputs[k] = r.nextInt(4);
            times[k] = 1_000L * k;
        }
        l.process(SpikeTrain.of("s", inputs, times), QUIET);
        l.finish(QUIET);   // the segment's verdict, then its replay learns it
        return l;
    }

    @Test
    void aWeightBoundKeepsEvenAbsurdLearningRatesFinite() {
        assertFalse(NacaHealth.of(absurdRates(0f)).finite(), "the reference rule overflows at rates of 1e38");
        NetworkHealth bounded = NacaHealth.of(absurdRates(0.1f));
        assertTrue(bounded.finite(), "bounded: every weight and potential finite");
        for (NetworkHealth.Layer layer : bounded.layers()) {
            assertTrue(layer.maxAbs() <= Math.max(layer.initBound(), 0.1f),
                    "weights never learned keep their initial size; learned ones are clamped: " + layer.maxAbs());
        }
    }
}
