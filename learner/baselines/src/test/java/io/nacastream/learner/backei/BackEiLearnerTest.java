package io.nacastream.learner.backei;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.health.NetworkHealth;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackEiLearnerTest {

    private static final BackEiConfig CONFIG = new BackEiConfig(8, List.of(16), 2, 20_000, 1e-2f, 5, 3);

    /**
     * Class c lights inputs 4c..4c+3; segments of 200 ms alternate classes, the first {@code learned} learnable, then
     * {@code heldOut} held out; each segment is one spike train.
     */
    private static List<SpikeTrain> stream(LabelBook book, int learned, int heldOut) {
        List<SpikeTrain> trains = new ArrayList<>();
        long t = 0;
        for (int seg = 0; seg < learned + heldOut; seg++) {
            int c = seg % 2;
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < learned));
            int[] in = new int[200];
            long[] ts = new long[200];
            for (int k = 0; k < 200; k++) {
                in[k] = 4 * c + k % 4;
                ts[k] = t + 1_000L * k;
            }
            trains.add(SpikeTrain.of("s", in, ts));
            t += 200_000;
        }
        return trains;
    }

    @Test
    void learnsTwoSeparableClassesWellAboveChance() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = stream(book, 40, 20);
        BackEiLearner learner = new BackEiLearner(CONFIG, book, 100_000);
        Recorder r = new Recorder();
        trains.forEach(t -> learner.process(t, r));
        learner.finish(r);
        assertEquals(60, r.segments.size());
        List<SegmentResult> heldOut = r.segments.stream().filter(s -> !s.learned()).toList();
        long correct = heldOut.stream().filter(SegmentResult::correct).count();
        assertTrue(correct >= 18, "held-out correct " + correct + " of 20: " + heldOut);
        assertEquals("backei", learner.algorithm());
        assertEquals(60 * 200, learner.counts().events());
        assertTrue(learner.counts().learning().macs() > learner.counts().forward().macs(), "BPTT costs more");
    }

    @Test
    void healthIsFiniteWithinTheInitialBoundUntilAnAbsurdRateBlowsTheWeightsUp() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = stream(book, 10, 0);
        BackEiLearner sane = new BackEiLearner(CONFIG, book, 100_000);
        NetworkHealth fresh = sane.health();
        assertTrue(fresh.finite());
        assertEquals(List.of(8L * 16, 16L * 2), fresh.layers().stream().map(NetworkHealth.Layer::weights).toList());
        assertTrue(fresh.maxGrowth() <= 1 && fresh.maxGrowth() > 0.5, "weights start within 1/sqrt(fan-in)");
        trains.forEach(t -> sane.process(t, new Recorder()));
        assertTrue(sane.health().finite(), "learning at the tested rate stays finite");
        assertTrue(sane.health().maxGrowth() > 1, "learning moved the weights beyond their start");

        BackEiConfig absurd = new BackEiConfig(8, List.of(16), 2, 20_000, 1e38f, 5, 3);
        BackEiLearner blown = new BackEiLearner(absurd, book, 100_000);
        trains.forEach(t -> blown.process(t, new Recorder()));
        NetworkHealth h = blown.health();
        assertFalse(h.finite(), "Adam steps of 1e38 overflow the parameters: " + h);
    }

    @Test
    void aSegmentIsScoredByTheModelAsItStoodBeforeLearningFromIt() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = stream(book, 2, 0);
        BackEiLearner learner = new BackEiLearner(CONFIG, book, 100_000);
        float[] initial = learner.network().parameter(0).clone();
        List<float[]> atVerdict = new ArrayList<>();
        LearnerListener snapshot = new LearnerListener() {
            @Override
            public void onPrediction(Prediction p) {
            }

            @Override
            public void onSegment(SegmentResult result) {
                atVerdict.add(learner.network().parameter(0).clone());
            }
        };
        learner.process(trains.get(0), snapshot);
        assertArrayEquals(initial, learner.network().parameter(0), 0f, "nothing is learned before the verdict");
        learner.process(trains.get(1), snapshot);
        learner.finish(snapshot);
        assertEquals(2, atVerdict.size());
        assertArrayEquals(initial, atVerdict.get(0), 0f, "the first verdict comes from the initial weights");
        assertFalse(Arrays.equals(initial, atVerdict.get(1)), "the first segment was learned before the second's verdict");
        assertFalse(Arrays.equals(atVerdict.get(1), learner.network().parameter(0)), "the second was learned after");
    }

    @Test
    void aRestoredLearnerContinuesWithIdenticalPredictions() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = stream(book, 12, 6);
        BackEiLearner original = new BackEiLearner(CONFIG, book, 30_000);
        Recorder before = new Recorder();
        for (int i = 0; i < 7; i++) {
            original.process(trains.get(i), before);
        }
        // stop in the middle of a learnable segment: half its spikes recorded, a frame open
        SpikeTrain cut = trains.get(7);
        int half = 101;
        int[] in = new int[cut.size()];
        long[] ts = new long[cut.size()];
        for (int k = 0; k < cut.size(); k++) {
            in[k] = cut.input(k);
            ts[k] = cut.timestampUs(k);
        }
        original.process(SpikeTrain.of("s", Arrays.copyOf(in, half), Arrays.copyOf(ts, half)), before);
        byte[] bytes = original.encode();
        BackEiLearner restored = BackEiLearner.restore(bytes, book, 30_000, true, SegmentReplay.DEFAULT_LIMIT);
        assertArrayEquals(bytes, restored.encode(), "restore then encode gives the same bytes");

        SpikeTrain rest = SpikeTrain.of("s", Arrays.copyOfRange(in, half, in.length),
                Arrays.copyOfRange(ts, half, ts.length));
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        original.process(rest, a);
        restored.process(rest, b);
        for (int i = 8; i < trains.size(); i++) {
            original.process(trains.get(i), a);
            restored.process(trains.get(i), b);
        }
        original.finish(a);
        restored.finish(b);
        assertTrue(a.predictions.size() > 10);
        assertEquals(a.predictions.size(), b.predictions.size());
        for (int i = 0; i < a.predictions.size(); i++) {
            assertEquals(a.predictions.get(i).predicted(), b.predictions.get(i).predicted());
            assertArrayEquals(a.predictions.get(i).scores(), b.predictions.get(i).scores(), 0f);
        }
        assertEquals(a.segments, b.segments);
        assertArrayEquals(original.network().parameter(0), restored.network().parameter(0), 0f);
        assertEquals(original.counts().forward(), restored.counts().forward());
        assertEquals(original.counts().learning(), restored.counts().learning());
    }
}
