package io.nacastream.service.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.ingest.dvsgesture.GestureDataset;
import io.nacastream.ingest.dvsgesture.GestureLabelsCsv;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.Recordings;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.eval.PrequentialReport;
import io.nacastream.service.LearnerFactory;
import io.nacastream.service.ReportText;
import io.nacastream.service.ServiceConfig;
import io.nacastream.sink.EnergyModel;
import io.nacastream.sink.EnergyReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench dvsgesture --dataset=DIR}: the prequential benchmark on the DVS128 Gesture dataset from disk, in one
 * streaming pass: the training trials (users 01–23) with their labels learned from, then the test trials (users
 * 24–29) held out (scored, never learned), each trial read, encoded and learned packet by packet like the service
 * does, with the service's learner configuration (--key=value). Prints accuracy, κ and energy per input spike.
 */
public final class DvsGestureBench {

    private final ServiceConfig config;
    private final Path dataset;
    private final PrintStream out;

    /** A benchmark of the dataset at {@code dataset}. */
    public DvsGestureBench(ServiceConfig config, Path dataset, PrintStream out) {
        this.config = config;
        this.dataset = dataset;
        this.out = out;
    }

    /** Runs the pass; returns the report. */
    public PrequentialReport run() throws IOException {
        GestureDataset data = GestureDataset.open(dataset);
        List<GestureDataset.Trial> train = data.split(true);
        List<GestureDataset.Trial> test = data.split(false);
        out.printf("DVS128 Gesture layout at %s: %d training trials, %d test trials%n", dataset, train.size(),
                test.size());
        EncoderConfig encoder = new EncoderConfig(128, 128, config.integer("encoder.pool"),
                config.longValue("encoder.denoise-us"), config.longValue("encoder.refractory-us"));
        LabelBook labels = new LabelBook();
        for (GestureDataset.Trial t : data.trials()) {
            for (LabelSegment s : GestureLabelsCsv.read(t.labels(), t.streamId(), t.train())) {
                labels.add(s);
            }
        }
        OnlineLearner learner = LearnerFactory.create(config, encoder.inputCount(), labels,
                config.longValue("prediction.interval-ms") * 1000);
        PrequentialReport report = new PrequentialReport(LearnerFactory.CLASSES);
        long start = System.nanoTime();
        long events = 0;
        int done = 0;
        for (GestureDataset.Trial t : data.trials().stream().sorted((a, b) -> Boolean.compare(b.train(), a.train()))
                .toList()) {
            EncoderState state = new EncoderState(encoder);
            PacketAssembler assembler = new PacketAssembler(t.streamId(), 128, 128, 8192, 20_000,
                    p -> learner.process(SpikeEncoder.encode(p, encoder, state), report));
            try (EventReader reader = Recordings.open(t.file(), ReadOptions.defaults())) {
                events += new MonotonicTime().pump(reader, assembler);
            }
            assembler.flush();
            done++;
            out.printf(Locale.ROOT, "\r[%d/%d] %s (%s) %,d events so far, %.0f s", done, data.trials().size(),
                    t.streamId(), t.train() ? "learned" : "held out", events, (System.nanoTime() - start) / 1e9);
        }
        learner.finish(report);
        out.println();
        out.println("learned trials, prequential:     " + ReportText.evaluation(report.learned()));
        out.println("test trials (held out), chance 9.1%: " + ReportText.evaluation(report.heldOut()));
        out.println("held-out confusion matrix (rows: true class, columns: predicted):");
        ReportText.confusion(out, report.heldOut());
        EnergyModel model = new EnergyModel(config.decimal("energy.pj-per-ac"), config.decimal("energy.pj-per-mac"));
        ReportText.energy(out, EnergyReport.of(System.currentTimeMillis(), learner.algorithm(), learner.counts(), model));
        return report;
    }
}
