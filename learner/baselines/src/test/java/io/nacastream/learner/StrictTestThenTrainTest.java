package io.nacastream.learner;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.bp.BackpropConfig;
import io.nacastream.learner.bp.BackpropLearner;
import io.nacastream.learner.counts.PooledCountLearner;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strict test-then-train does not reward a learner whose output merely tracks the label it is learning. The input
 * is noise that says nothing about the class; the learners are tuned to chase the current label hard (large output
 * steps). A verdict taken while learning the segment would agree with the label far above chance; scored before
 * learning, the verdicts are at chance, and what the learners show instead is a bias to the class learned last.
 */
class StrictTestThenTrainTest {

    private static final int INPUTS = 16;
    private static final int CLASSES = 4;
    private static final int SEGMENTS = 400;
    private static final long SEGMENT_US = 100_000;

    @ParameterizedTest
    @ValueSource(strings = {"naca-event", "naca-tick", "bp", "softmax", "naca-ridge", "ridge"})
    void onNoiseEveryLearnerScoresChance(String id) {
        Run run = run(id);
        assertTrue(run.accuracy < 0.25 + 0.08, id + ": strict accuracy on noise " + run.accuracy
                + " must be near chance (0.25)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"naca-tick", "bp", "softmax"})
    void aLearnerThatChasesTheLabelItLearnsIsNotRewardedForIt(String id) {
        Run run = run(id);
        assertTrue(run.trackedLast > 0.4, id + ": its verdicts follow the class learned last (" + run.trackedLast
                + ") far more often than chance (0.25): it chases the label it learns, which a verdict taken while "
                + "learning the segment would reward");
        assertTrue(run.accuracy < 0.25 + 0.08, id + ": yet scored strictly it is at chance: " + run.accuracy);
    }

    /** Least squares weighs every learned segment alike: its verdicts do not follow the class learned last. */
    @ParameterizedTest
    @ValueSource(strings = {"naca-ridge", "ridge"})
    void aRidgeReadoutDoesNotChaseTheClassLearnedLast(String id) {
        Run run = run(id);
        assertTrue(run.trackedLast < 0.25 + 0.08, id + ": its verdicts follow the class learned last no more than "
                + "chance (0.25) would: " + run.trackedLast);
    }

    private record Run(double accuracy, double trackedLast) {
    }

    private static Run run(String id) {
        SplittableRandom random = new SplittableRandom(11);
        LabelBook labels = new LabelBook();
        int[] truth = new int[SEGMENTS];
        for (int s = 0; s < SEGMENTS; s++) {
            truth[s] = random.nextInt(CLASSES);
            labels.add(new LabelSegment("s", truth[s], s * SEGMENT_US, (s + 1) * SEGMENT_US, true));
        }
        OnlineLearner learner = learner(id).apply(labels);
        Recorder r = new Recorder();
        for (int s = 0; s < SEGMENTS; s++) {
            int n = 100;
            int[] in = new int[n];
            long[] t = new long[n];
            for (int k = 0; k < n; k++) {
                in[k] = random.nextInt(INPUTS);
                t[k] = s * SEGMENT_US + (SEGMENT_US - 1) * k / n;
            }
            learner.process(SpikeTrain.of("s", in, t), r);
        }
        learner.finish(r);
        List<SegmentResult> verdicts = r.segments;
        assertEquals(SEGMENTS, verdicts.size());
        long correct = verdicts.stream().filter(SegmentResult::correct).count();
        long previous = 0;
        for (int s = 1; s < SEGMENTS; s++) {
            previous += verdicts.get(s).predicted() == truth[s - 1] ? 1 : 0;
        }
        return new Run((double) correct / SEGMENTS, (double) previous / (SEGMENTS - 1));
    }

    private static Function<LabelBook, OnlineLearner> learner(String id) {
        NacaConfig.Builder naca = NacaConfig.builder().sizes(INPUTS, List.of(32), CLASSES)
                .learningRates(0f, 0.3f).weightBound(0.5f).seed(3);
        return switch (id) {
            case "naca-event" -> l -> new NacaLearner(new NacaNetwork(naca.build()), l, 50_000, true);
            case "naca-tick" -> l -> new NacaLearner(new NacaNetwork(naca.mode(NacaConfig.Mode.TICK).build()), l,
                    50_000, true);
            case "bp" -> l -> new BackpropLearner(new BackpropConfig(INPUTS, List.of(32), CLASSES, 20_000, 1f, 0f, 3),
                    l, 50_000);
            case "softmax" -> l -> new PooledCountLearner(INPUTS, CLASSES, 20f, l, 50_000, true);
            case "naca-ridge" -> l -> new NacaLearner(new NacaNetwork(naca.neuron(0.2f, 0.2f)
                    .readout(NacaConfig.Readout.RIDGE, 0.1).build()), l, 50_000, true);
            case "ridge" -> l -> PooledCountLearner.ridge(INPUTS, CLASSES, 0.1, l, 50_000, true);
            default -> throw new IllegalArgumentException(id);
        };
    }
}
