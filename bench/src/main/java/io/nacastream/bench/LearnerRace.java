package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.eval.PrequentialReport;

import java.util.ArrayList;
import java.util.List;

/**
 * Several learners fed the very same spike trains in the same order, over one shared label book, each with its own
 * evaluation, its counts on held-out trains and the wall time spent inside it; the input is read and encoded once for all of them.
 */
final class LearnerRace {

    private final List<BenchLearners.Spec> specs;
    private final List<OnlineLearner> learners = new ArrayList<>();
    private final List<PrequentialReport> reports = new ArrayList<>();
    private final List<HeldOutCounts> heldOut = new ArrayList<>();
    private final long[] nanos;

    /** The learners of {@code specs} over {@code labels}, scoring {@code classes} classes. */
    LearnerRace(List<BenchLearners.Spec> specs, LabelBook labels, int classes) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("no learner to run");
        }
        this.specs = List.copyOf(specs);
        for (BenchLearners.Spec s : specs) {
            learners.add(s.factory().apply(labels));
            reports.add(new PrequentialReport(classes));
            heldOut.add(new HeldOutCounts(labels));
        }
        nanos = new long[specs.size()];
    }

    /** Every learner learns from (and predicts on) {@code train}. */
    void process(SpikeTrain train) {
        for (int i = 0; i < learners.size(); i++) {
            long t0 = System.nanoTime();
            heldOut.get(i).process(learners.get(i), train, reports.get(i));
            nanos[i] += System.nanoTime() - t0;
        }
    }

    /** Closes every learner's open segments. */
    void finish() {
        for (int i = 0; i < learners.size(); i++) {
            long t0 = System.nanoTime();
            learners.get(i).finish(reports.get(i));
            nanos[i] += System.nanoTime() - t0;
        }
    }

    /** One run per learner, energy priced with {@code model}, wall time the time spent inside the learner. */
    List<BenchRun> runs(EnergyModel model) {
        List<BenchRun> out = new ArrayList<>();
        for (int i = 0; i < learners.size(); i++) {
            out.add(BenchRun.of(specs.get(i).name(), learners.get(i), reports.get(i), heldOut.get(i).counts(), model,
                    nanos[i] / 1_000_000));
        }
        return out;
    }
}
