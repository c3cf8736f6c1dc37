package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.health.NetworkHealth;
import io.nacastream.learner.naca.NacaConfig;
import io.nacastream.learner.naca.NacaHealth;
import io.nacastream.learner.naca.NacaLearner;
import io.nacastream.learner.naca.NacaNetwork;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Weight drift on a long stream: one NACA model learns the same synthetic subjects again and again (each pass shifted
 * in time, so the stream runs on), and after every pass the weights are measured: RMS and largest |w| of each layer,
 * the largest |w| relative to its initial bound, non-finite values, and the pass's segment accuracy and hidden activity
 * (hidden spikes per input spike: a layer drifting into saturation fires more and more for the same input).
 */
public final class DriftBench {

    /**
     * What one pass left behind.
     *
     * @param pass         1-based pass number
     * @param streamUs     stream time at the end of the pass
     * @param accuracy     segment accuracy of the pass (learning on: data the model has seen before)
     * @param hiddenRate   first hidden layer's spikes per input spike during the pass
     * @param health       the weights' sizes after the pass
     */
    public record Pass(int pass, long streamUs, double accuracy, double hiddenRate, NetworkHealth health) {
    }

    private final Settings settings;
    private final int subjects;
    private final int passes;
    private final PrintStream out;

    /** A run of {@code passes} passes over {@code subjects} subjects with the service's learner options. */
    public DriftBench(ServiceConfig config, int subjects, int passes, PrintStream out) {
        this.settings = Settings.of(config);
        this.subjects = subjects;
        this.passes = passes;
        this.out = out;
    }

    /** Runs it, printing one table row per pass as it ends, and returns the passes. */
    public List<Pass> run() {
        settings.learner().requireGestureClasses();
        EncoderConfig encoder = settings.encoder();
        SyntheticCorpus corpus = SyntheticCorpus.render(settings.synthetic().seed(), subjects, 0,
                settings.synthetic().takeUs(), settings.synthetic().gapUs(), encoder, out);
        long span = 1_000_000;
        for (ScheduledTake t : corpus.takes()) {
            span = Math.max(span, t.label().endUs() + 1_000_000);
        }
        NacaConfig naca = settings.learner().naca();
        LabelBook labels = new LabelBook();
        NacaLearner learner = new NacaLearner(new NacaNetwork(naca), labels,
                settings.learner().predictionIntervalUs(), true);
        int[] score = new int[2];
        LearnerListener listener = new LearnerListener() {
            @Override
            public void onPrediction(Prediction prediction) {
            }

            @Override
            public void onSegment(SegmentResult r) {
                score[0] += r.correct() ? 1 : 0;
                score[1]++;
            }
        };
        out.printf("drift: %s mode, hidden %s, weight bound %s; %d subjects (%,d input spikes) per "
                + "pass, %d passes%n", naca.mode(), naca.hiddenSizes(), naca.weightBound(), subjects,
                corpus.spikes(), passes);
        out.println("| pass | stream time | accuracy | hidden spikes / input spike | hidden RMS | hidden max | output RMS "
                + "| output max | max growth | non-finite |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        List<Pass> result = new ArrayList<>(passes);
        OpCounts before = learner.counts();
        for (int p = 0; p < passes; p++) {
            long shift = p * span;
            for (ScheduledTake t : corpus.takes()) {
                LabelSegment l = t.label();
                labels.add(new LabelSegment(l.streamId(), l.classId(), l.startUs() + shift, l.endUs() + shift,
                        l.learn()));
            }
            score[0] = 0;
            score[1] = 0;
            for (SyntheticCorpus.Session session : corpus.sessions()) {
                session.trains().forEach(train -> learner.process(shifted(train, shift), listener));
            }
            OpCounts counts = learner.counts();
            OpCounts during = counts.minus(before);
            before = counts;
            Pass pass = new Pass(p + 1, (p + 1) * span, score[1] == 0 ? 0 : (double) score[0] / score[1],
                    (double) during.layers().get(0).spikes() / Math.max(1, during.events()), NacaHealth.of(learner));
            result.add(pass);
            print(pass);
        }
        return result;
    }

    private void print(Pass p) {
        NetworkHealth h = p.health();
        NetworkHealth.Layer hidden = h.layers().get(0);
        NetworkHealth.Layer output = h.layers().get(h.layers().size() - 1);
        out.printf("| %d | %.0f s | %.2f | %.3f | %.4f | %.3f | %.4f | %.3f | %.1f | %d |%n", p.pass(), p.streamUs() / 1e6,
                p.accuracy(), p.hiddenRate(), hidden.rms(), hidden.maxAbs(), output.rms(), output.maxAbs(),
                h.maxGrowth(), h.nonFiniteState() + h.layers().stream().mapToLong(NetworkHealth.Layer::nonFinite).sum());
    }

    private static SpikeTrain shifted(SpikeTrain t, long shiftUs) {
        int[] in = new int[t.size()];
        long[] ts = new long[t.size()];
        for (int k = 0; k < t.size(); k++) {
            in[k] = t.input(k);
            ts[k] = t.timestampUs(k) + shiftUs;
        }
        return SpikeTrain.of(t.streamId(), in, ts);
    }
}
