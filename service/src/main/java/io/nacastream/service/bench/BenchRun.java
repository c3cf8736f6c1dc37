package io.nacastream.service.bench;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.sink.EnergyModel;
import io.nacastream.sink.EnergyReport;

import java.util.List;
import java.util.function.Function;

/**
 * One learner's single pass over a sequence of spike trains whose labels are all known up front (as on the
 * labels topic), with its prequential report, energy and wall time.
 *
 * @param name       row name in the benchmark table
 * @param learner    the learner after the pass
 * @param evaluation prequential statistics
 * @param energy     operation counts priced with the energy model
 * @param wallMs     wall-clock milliseconds of the pass
 */
public record BenchRun(String name, OnlineLearner learner, PrequentialReport evaluation, EnergyReport energy,
                       long wallMs) {

    /** Runs {@code factory}'s learner over {@code trains} in order, then closes open segments. */
    public static BenchRun of(String name, Function<LabelBook, OnlineLearner> factory, LabelBook labels,
                              List<SpikeTrain> trains, EnergyModel model, int classes) {
        OnlineLearner learner = factory.apply(labels);
        PrequentialReport report = new PrequentialReport(classes);
        long start = System.nanoTime();
        for (SpikeTrain t : trains) {
            learner.process(t, report);
        }
        learner.finish(report);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        return new BenchRun(name, learner, report,
                EnergyReport.of(System.currentTimeMillis(), learner.algorithm(), learner.counts(), model), wallMs);
    }
}
