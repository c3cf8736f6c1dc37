package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.ingest.dvsgesture.GestureDataset;
import io.nacastream.ingest.dvsgesture.GestureLabelsCsv;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * {@code bench dvsgesture --dataset=DIR}: learners on the DVS128 Gesture dataset from disk, streamed: the training
 * trials (users 01–23) with their labels learned from, in the order {@code trials_to_train.txt} lists them or in a
 * seeded shuffle, once or {@code epochs} times (each further pass under new stream ids, reshuffled when shuffling),
 * then the test trials (users 24–29) held out (scored, never learned), each trial read,
 * encoded and learned packet by packet like the service does, with the service's configuration (--key=value).
 * Prints the benchmark report per learner.
 */
public final class DvsGestureBench {

    /** How the training trials are ordered. */
    public enum Order {
        /** As {@code trials_to_train.txt} lists them (file-name order without it). */
        LIST,
        /** A shuffle of the training trials with the seed. */
        SHUFFLE
    }

    /**
     * What to run.
     *
     * @param dataset  the unpacked DvsGesture folder
     * @param order    order of the training trials
     * @param seed     seed of the shuffle
     * @param epochs   passes over the training trials (at least 1)
     * @param learners comma-separated learner ids ({@link BenchLearners#IDS})
     */
    public record Options(Path dataset, Order order, long seed, int epochs, String learners) {

        /** Checks the number of passes. */
        public Options {
            if (epochs < 1) {
                throw new IllegalArgumentException("--epochs must be at least 1, not " + epochs);
            }
        }
    }

    /** A training trial in its pass, or a test trial (pass 1), under the stream id it is played as. */
    private record Play(GestureDataset.Trial trial, int epoch) {

        String streamId() {
            return epoch == 1 ? trial.streamId() : trial.streamId() + "/epoch" + epoch;
        }
    }

    private final Settings settings;
    private final Options options;
    private final PrintStream out;

    /** A benchmark of the dataset at {@code options.dataset()}. */
    public DvsGestureBench(ServiceConfig config, Options options, PrintStream out) {
        this.settings = Settings.of(config);
        this.options = options;
        this.out = out;
    }

    /** Runs the pass; returns a run per learner. */
    public List<BenchRun> run() throws IOException {
        settings.learner().requireGestureClasses();
        GestureDataset data = GestureDataset.open(options.dataset());
        List<GestureDataset.Trial> train = new ArrayList<>(data.split(true));
        String order = data.splitOrder(true);
        if (options.order() == Order.SHUFFLE) {
            Collections.shuffle(train, new Random(options.seed()));
            order = "a shuffle of seed " + options.seed();
        }
        List<GestureDataset.Trial> test = data.split(false);
        out.printf("DVS128 Gesture layout at %s: %d training trials in %s%s, then %d test trials held out%n",
                options.dataset(), train.size(), order, options.epochs() == 1 ? ""
                        : ", " + options.epochs() + " epochs (further passes under new stream ids"
                        + (options.order() == Order.SHUFFLE ? ", each reshuffled)" : ")"), test.size());
        EncoderConfig encoder = settings.encoder();
        ClassNames classes = ClassNames.dvsGesture();
        LabelBook labels = new LabelBook();
        LearnerRace race = new LearnerRace(BenchLearners.parse(options.learners(), settings.learner()),
                labels, classes.count());
        List<Play> all = new ArrayList<>();
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            List<GestureDataset.Trial> pass = new ArrayList<>(train);
            if (epoch > 1 && options.order() == Order.SHUFFLE) {
                Collections.shuffle(pass, new Random(options.seed() + epoch - 1));
            }
            for (GestureDataset.Trial t : pass) {
                all.add(new Play(t, epoch));
            }
        }
        for (GestureDataset.Trial t : test) {
            all.add(new Play(t, 1));
        }
        long start = System.nanoTime();
        long events = 0;
        int done = 0;
        for (Play play : all) {
            GestureDataset.Trial t = play.trial();
            String streamId = play.streamId();
            for (LabelSegment s : GestureLabelsCsv.read(t.labels(), streamId, t.train())) {
                labels.add(s);
            }
            EncoderState state = new EncoderState(encoder);
            try (EventReader reader = Recordings.open(t.file(), ReadOptions.defaults())) {
                SensorGeometry g = reader.info().geometry();
                PacketAssembler assembler = new PacketAssembler(streamId, g.width(), g.height(), 8192, 20_000,
                        p -> race.process(SpikeEncoder.encodeReusing(p, encoder, state)));
                events += new MonotonicTime().pump(reader, assembler);
                assembler.flush();
            }
            done++;
            out.printf(Locale.ROOT, "\r[%d/%d] %s (%s) %,d events so far, %.0f s", done, all.size(),
                    streamId, t.train() ? "learned" : "held out", events, (System.nanoTime() - start) / 1e9);
        }
        race.finish();
        out.println();
        EnergyModel model = settings.energy();
        List<BenchRun> runs = race.runs(model);
        for (BenchRun r : runs) {
            BenchReport.run(out, r, classes, "test trials, never learned, chance 9.1%");
        }
        BenchReport.table(out, runs);
        return runs;
    }
}
