package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.ingest.dataset.SampleDataset;
import io.nacastream.ingest.dataset.SampleOrder;
import io.nacastream.ingest.dataset.SamplePlayer;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.publish.Progress;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.energy.EnergyModel;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code bench dataset --dataset=ROOT}: learners on a labelled sample dataset in class folders
 * ({@link SampleDataset}). The training samples are streamed {@code epochs} times, each pass in a seeded shuffle, as
 * labelled segments of one stream separated by a quiet gap, and learned from; then the test samples are streamed
 * held out (scored, never learned). Every learner sees the very same spikes (read and encoded once, sample by sample,
 * with the service's encoder); the classes come from the dataset's folders. Prints the benchmark report per learner.
 */
public final class DatasetBench {

    /**
     * What to run.
     *
     * @param dataset  the dataset folder (ROOT/train/&lt;class&gt;/..., ROOT/test/&lt;class&gt;/...)
     * @param epochs   passes over the training split
     * @param seed     seed of the sample order
     * @param learners comma-separated learner ids ({@link BenchLearners#IDS})
     * @param gapUs    quiet time between two samples, µs
     * @param read     how to open the samples (format, geometry for header-less files)
     */
    public record Options(Path dataset, int epochs, long seed, String learners, long gapUs, ReadOptions read) {
    }

    /** Default learners. */
    public static final String DEFAULT_LEARNERS = BenchLearners.DEFAULT;
    /** Default quiet gap between samples, ms. */
    public static final long DEFAULT_GAP_MS = 100;

    private final ServiceConfig config;
    private final Options options;
    private final PrintStream out;

    /** A benchmark of the service's configuration {@code config} (its {@code learner.classes} must fit the data). */
    public DatasetBench(ServiceConfig config, Options options, PrintStream out) {
        this.config = config;
        this.options = options;
        this.out = out;
    }

    /** Runs every learner over the dataset; returns their runs. */
    public List<BenchRun> run() throws IOException {
        SampleDataset data = SampleDataset.open(options.dataset());
        ClassNames classes = data.classes();
        Settings settings = Settings.of(withClasses(config, classes));
        EncoderConfig encoder = settings.encoder();
        List<SampleOrder.Entry> order = SampleOrder.of(data, options.epochs(), options.seed());
        List<BenchLearners.Spec> specs = BenchLearners.parse(options.learners(), settings.learner());
        int[] testCounts = data.counts(false);
        int majority = 0;
        for (int n : testCounts) {
            majority = Math.max(majority, n);
        }
        double chance = data.test().isEmpty() ? 0 : (double) majority / data.test().size();
        out.println("dataset " + data.describe());
        out.printf(Locale.ROOT, "stream: %d epoch(s) over the %d training samples, each in a shuffle of seed %d, "
                        + "learned; then the %d test samples held out (never learned); %d ms between samples%n",
                options.epochs(), data.train().size(), options.seed(), data.test().size(), options.gapUs() / 1000);
        if (data.test().isEmpty()) {
            out.println("warning: no test/ split: nothing is held out, the held-out line is empty");
        }
        out.println("learners: " + String.join(", ", specs.stream().map(BenchLearners.Spec::name).toList())
                + "; encoder grid " + encoder.grid() + ", " + encoder.inputCount() + " inputs, " + classes.count()
                + " classes");
        LabelBook labels = new LabelBook();
        LearnerRace race = new LearnerRace(specs, labels, classes.count());
        SamplePlayer player = new SamplePlayer(data.name(), options.gapUs(), 8192, 20_000, options.read());
        EncoderState state = new EncoderState(encoder);
        Progress progress = new Progress(out, System::nanoTime, 1_000_000_000L);
        long start = System.nanoTime();
        long events = 0;
        long spikes = 0;
        int done = 0;
        for (SampleOrder.Entry e : order) {
            SamplePlayer.Placed placed = player.place(e);
            done++;
            if (placed == null) {
                continue;
            }
            boolean first = state.mapping() == null;
            labels.add(placed.segment());
            for (EventPacket p : placed.packets()) {
                var train = SpikeEncoder.encodeReusing(p, encoder, state);
                spikes += train.size();
                race.process(train);
            }
            if (first) {
                out.println("sensor: " + state.mapping());
            }
            labels.prune(data.name(), placed.segment().startUs());   // earlier samples are closed
            events += placed.events();
            int n = done;
            long ev = events;
            progress.update(() -> String.format(Locale.ROOT, "%s: sample %d/%d, %,d events, %.0f s",
                    e.learn() ? "epoch " + (e.epoch() + 1) + "/" + options.epochs() : "held out", n, order.size(),
                    ev, (System.nanoTime() - start) / 1e9));
        }
        race.finish();
        progress.end();
        out.printf(Locale.ROOT, "streamed %d samples (%d without events skipped): %,d events -> %,d input spikes in "
                        + "%.1f s%n", done, player.emptySamples(), events, spikes, (System.nanoTime() - start) / 1e9);
        EnergyModel model = settings.energy();
        List<BenchRun> runs = race.runs(model);
        String scope = String.format(Locale.ROOT, "%d test samples, never learned; chance (majority class) %.1f%%",
                data.test().size(), 100 * chance);
        for (BenchRun r : runs) {
            BenchReport.run(out, r, classes, scope);
        }
        BenchReport.table(out, runs);
        return runs;
    }

    /**
     * {@code config} with {@code learner.classes} set to the dataset's classes; refuses a configuration that asked
     * for other classes.
     */
    static ServiceConfig withClasses(ServiceConfig config, ClassNames classes) {
        ClassNames configured = Settings.of(config).learner().classes();
        boolean isDefault = configured.equals(Settings.defaults().learner().classes());
        if (!isDefault && !configured.equals(classes)) {
            throw new IllegalArgumentException("configuration key 'learner.classes' is '"
                    + configured.spec() + "' but the dataset's class folders are " + classes.spec()
                    + "; leave it out (the classes come from the data)");
        }
        return config.with("learner.classes", classes.spec());
    }
}
