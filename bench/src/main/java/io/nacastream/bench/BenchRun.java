package io.nacastream.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.sink.EnergyReport;

import java.util.List;
import java.util.function.Function;

/**
 * One learner's single pass over a sequence of spike trains whose labels are all known up front (as on the
 * labels topic), with its evaluation (held-out and strict test-then-train), energy and wall time.
 *
 * @param name       row name in the benchmark table
 * @param learner    the learner after the pass
 * @param evaluation held-out and strict test-then-train statistics
 * @param energy     operation counts priced with the energy model
 * @param heldOut    the part of them spent on held-out spike trains
 * @param wallMs     wall-clock milliseconds of the pass
 */
public record BenchRun(String name, OnlineLearner learner, PrequentialReport evaluation, EnergyReport energy,
                       EnergyReport heldOut, long wallMs) {

    /** Estimated joules spent on held-out data per correctly classified held-out segment (NaN if none). */
    public double joulesPerCorrectHeldOut() {
        long correct = evaluation.heldOut().correct();
        return correct == 0 ? Double.NaN : heldOut.joules() / correct;
    }

    /** Runs {@code factory}'s learner over {@code trains} in order, then closes open segments. */
    public static BenchRun of(String name, Function<LabelBook, OnlineLearner> factory, LabelBook labels,
                              List<SpikeTrain> trains, EnergyModel model, int classes) {
        OnlineLearner learner = factory.apply(labels);
        PrequentialReport report = new PrequentialReport(classes);
        HeldOutCounts heldOut = new HeldOutCounts(labels);
        long start = System.nanoTime();
        for (SpikeTrain t : trains) {
            heldOut.process(learner, t, report);
        }
        learner.finish(report);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return of(name, learner, report, heldOut.counts(), model, wallMs);
    }

    /** A run of {@code learner} after its pass, its counts priced with {@code model}. */
    static BenchRun of(String name, OnlineLearner learner, PrequentialReport report, OpCounts heldOut,
                       EnergyModel model, long wallMs) {
        long now = System.currentTimeMillis();
        return new BenchRun(name, learner, report, EnergyReport.of(now, learner.algorithm(), learner.counts(), model),
                EnergyReport.of(now, learner.algorithm(), heldOut, model), wallMs);
    }
}
