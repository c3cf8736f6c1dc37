package io.nacastream.cli;

import io.nacastream.ingest.dataset.SampleDataset;
import io.nacastream.ingest.dataset.SampleOrder;
import io.nacastream.ingest.dataset.SamplePlayer;
import io.nacastream.ingest.dvsgesture.GestureLabelsCsv;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.PayloadEncoding;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.DatasetPublisher;
import io.nacastream.ingest.publish.Progress;
import io.nacastream.ingest.publish.RecordingPublisher;
import io.nacastream.ingest.publish.RecordingReplay;
import io.nacastream.ingest.recording.Aedat2Convention;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingFormatException;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.service.command.Command;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code java -jar naca-stream.jar publish [options] <file|directory|->}: streams recordings into Kafka. See
 * {@link #USAGE}.
 */
public final class PublishCommand extends Command {

    /** Help text. */
    public static final String USAGE = """
            usage: java -jar naca-stream.jar publish [options] <recording | directory | ->
                   java -jar naca-stream.jar publish [options] --dataset=ROOT [--epochs=N] [--seed=S] [--gap-ms=N]
              Streams event recordings into Kafka: every file of a directory in name order, or our recording
              format (NACSREC1 frames, see docs/recording-formats.md) from standard input with '-'. A file's labels
              (name_labels.csv, DVS128 Gesture CSV) are published first to the labels topic. --loop replays one
              recording file for a span of stream time; --labels=cycle:MS gives a recording without labels some.
              --dataset publishes a labelled sample dataset (ROOT/train/<class>/<sample>, ROOT/test/<class>/<sample>)
              as one stream: the training samples (shuffled with the seed, N epochs) as learned label segments, then
              the test samples held out, a quiet gap between samples; the service needs --learner.classes as printed.
            options (defaults in brackets):
              --bootstrap=HOST:PORT        Kafka bootstrap servers [$NACA_BOOTSTRAP_SERVERS or localhost:9092]
              --kafka.PROPERTY=VALUE       a Kafka producer/admin property, e.g. --kafka.security.protocol=SASL_SSL
                                           (also $NACA_KAFKA_..., kafka.producer.* and kafka.admin.*, as the
                                           service; ${env:NAME} and ${file:PATH} keep secrets off the line)
              --config-file=FILE           properties file of the service's keys: its kafka.* keys apply [$NACA_CONFIG_FILE]
              --topic=NAME                 events topic [dvs.events]
              --labels-topic=NAME          labels topic [dvs.labels]
              --speed=max|realtime|Nx      pace: as fast as possible, the recording's own speed, or N times it [max]
              --format=F                   nacs, aedat2, aedat3, aedat4, evt2, evt3, dat, nmnist [detected]
              --geometry=WxH               sensor size when the header lacks it or is wrong [from the header]
              --aedat2-convention=C        jaer (jAER's flips, raw bit 0 = 0 is ON) or raw [jaer]
              --stream-id=ID               stream id (record key) [file name without extension; 'stdin' for -]
              --encoding=E                 record payload: naca-v1, evt2, evt3, aedat4 [naca-v1]
              --packet-events=N            most events per record [8192]
              --packet-us=N                longest time span of a record, µs [20000]
              --no-labels                  do not publish label files (same as --labels=none)
              --loop=DURATION              replay the recording until DURATION of stream time is published, e.g.
                                           60s, 500ms, 2m or plain seconds; each pass shifted to follow the last
                                           (seam gap: one mean inter-event interval, at least 1 µs); at
                                           --speed=realtime that is also the wall time, if the publisher keeps up
              --labels=L                   file (the recording's labels file, repeated each pass), none, or
                                           cycle:MS: generated segments of MS ms of stream time cycling through
                                           classes 0..K-1; arbitrary labels for load tests, not accuracy [file]
              --classes=K                  classes cycle:MS labels go through [the service's learner.classes: 11]
              --quiet                      no progress line
              --dataset=ROOT               publish a class-folder sample dataset (stream id: ROOT's name)
              --epochs=N                   passes over the training samples [1]
              --seed=S                     seed of the sample order [1]
              --gap-ms=N                   quiet time between samples [100]
            """;

    /** The command, selected by {@code publish}. */
    public PublishCommand() {
        super("publish", "[options] <recording|directory|-> | --dataset=ROOT",
                "stream recordings or a sample dataset into Kafka (see publish --help)");
    }

    /** Parsed command line. */
    record Args(List<String> paths, Map<String, String> options) {
        String get(String key, String def) {
            return options.getOrDefault(key, def);
        }
    }

    static Args parse(String[] args) {
        List<String> paths = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        List<String> known = List.of("bootstrap", "topic", "labels-topic", "speed", "format", "geometry",
                "aedat2-convention", "stream-id", "encoding", "packet-events", "packet-us", "no-labels", "quiet",
                "dataset", "epochs", "seed", "gap-ms", "loop", "labels", "classes");
        for (String a : args) {
            if (a.startsWith("--")) {
                int eq = a.indexOf('=');
                String key = eq < 0 ? a.substring(2) : a.substring(2, eq);
                if (!known.contains(key) && !key.startsWith(KafkaClientConfig.PREFIX)
                        && !key.equals(ServiceConfig.CONFIG_FILE_OPTION)) {
                    throw new IllegalArgumentException("unknown option --" + key + "; see publish --help");
                }
                options.put(key, eq < 0 ? "true" : a.substring(eq + 1));
            } else {
                paths.add(a);
            }
        }
        if (options.containsKey("dataset")) {
            if (!paths.isEmpty()) {
                throw new IllegalArgumentException("publish --dataset takes no other recording; see publish --help");
            }
            if (options.containsKey("loop") || options.containsKey("labels") || options.containsKey("classes")) {
                throw new IllegalArgumentException("--loop, --labels and --classes apply to a recording, not to "
                        + "--dataset; see publish --help");
            }
        } else if (paths.size() != 1) {
            throw new IllegalArgumentException("publish takes one recording, directory or '-'; see publish --help");
        } else if (options.containsKey("epochs") || options.containsKey("seed") || options.containsKey("gap-ms")) {
            throw new IllegalArgumentException("--epochs, --seed and --gap-ms apply to --dataset; see publish --help");
        }
        return new Args(paths, options);
    }

    /**
     * How the publisher's clients connect: {@code --bootstrap} (or NACA_BOOTSTRAP_SERVERS, or localhost:9092) and
     * the Kafka client properties of {@code --kafka.*} options, NACA_KAFKA_* variables and the {@code kafka.*} keys
     * of the configuration file, loaded and checked as the service loads them.
     */
    static KafkaClientConfig kafkaClients(Args args, Map<String, String> env) {
        String bootstrap = args.get("bootstrap", env.getOrDefault("NACA_BOOTSTRAP_SERVERS", "localhost:9092"));
        List<String> config = new ArrayList<>(List.of("--bootstrap.servers=" + bootstrap));
        args.options().forEach((k, v) -> {
            if (k.startsWith(KafkaClientConfig.PREFIX) || k.equals(ServiceConfig.CONFIG_FILE_OPTION)) {
                config.add("--" + k + "=" + v);
            }
        });
        return Settings.of(ServiceConfig.load(config.toArray(String[]::new), env)).kafka();
    }

    /** Recording seconds per wall second: 0 for max. */
    static double speed(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("max")) {
            return 0;
        }
        if (s.equals("realtime")) {
            return 1;
        }
        try {
            double v = Double.parseDouble(s.endsWith("x") ? s.substring(0, s.length() - 1) : s);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--speed must be max, realtime or a positive factor like 4x, not '"
                + text + "'");
    }

    /** Publishes to the broker named by the options; returns the exit code (2 and the usage without arguments). */
    @Override
    public int run(String[] argv, CommandContext context) throws Exception {
        PrintStream out = context.out();
        PrintStream err = context.err();
        if (argv.length == 0 || List.of(argv).contains("--help")) {
            out.print(USAGE);
            return argv.length == 0 ? 2 : 0;
        }
        Args args = parse(argv);
        KafkaClientConfig bootstrap = kafkaClients(args, context.env());
        RecordingPublisher.Options options = options(args);
        ReadOptions read = readOptions(args);
        if (args.options().containsKey("dataset")) {
            return publishDataset(args, bootstrap, options, read, out, err);
        }
        ReplayOptions replay = ReplayOptions.of(args.options());
        List<Path> files = files(args.paths().get(0));
        if (replay.loopUs() > 0 && (files.size() != 1 || files.get(0) == null
                || Files.isDirectory(Path.of(args.paths().get(0))))) {
            throw new IllegalArgumentException("--loop replays one recording file, not a directory or standard input");
        }
        KafkaTopics.ensure(bootstrap, List.of(options.eventsTopic(), options.labelsTopic()), 1);
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            RecordingPublisher publisher = new RecordingPublisher(producer, options, System::nanoTime,
                    nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
            RecordingReplay replayer = replay.replays() ? new RecordingReplay(publisher, System::nanoTime) : null;
            try (StopOnSignal signal = replayer == null ? null : new StopOnSignal(replayer::stop)) {
                return publishFiles(files, args, replay, replayer, publisher, read, context);
            }
        }
    }

    private static int publishFiles(List<Path> files, Args args, ReplayOptions replay, RecordingReplay replayer,
                                    RecordingPublisher publisher, ReadOptions read, CommandContext context)
            throws IOException, InterruptedException {
        PrintStream out = context.out();
        PrintStream err = context.err();
        long total = 0;
        long start = System.nanoTime();
        for (Path file : files) {
            String streamId = args.get("stream-id", file == null ? "stdin" : stem(file));
            RecordingReplay.Opener opener = () -> file == null ? Recordings.open(ByteInput.of(context.in(),
                    "stdin"), read.format().isPresent() ? read : read.withFormat(RecordingFormat.NACS))
                    : Recordings.open(file, read);
            Progress progress = new Progress(args.options().containsKey("quiet") ? null : err,
                    System::nanoTime, 250_000_000L);
            RecordingPublisher.Result r;
            boolean stopped = false;
            try {
                List<LabelSegment> labels = labels(file, streamId, replay);
                if (replayer == null) {
                    r = publishOnce(publisher, opener, streamId, labels, progress, file, err);
                } else {
                    RecordingReplay.Result rr = Replays.publish(replayer, opener, file == null ? "stdin"
                            : file.getFileName().toString(), streamId, replay, labels, progress, out, err);
                    r = rr.publish();
                    stopped = rr.stopped();
                }
            } catch (RecordingFormatException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            total += r.events();
            out.printf(Locale.ROOT, "published %s: %,d events in %,d records (%,d bytes, %s), %d labels, "
                            + "%.2f M ev/s, %.1f MB/s; %d timestamps held back (max %d µs), %d non-event records "
                            + "skipped%n", streamId, r.events(), r.packets(), r.bytes(),
                    publisher.options().encoding().id(), r.labels(), r.events() / (r.wallNanos() / 1e9) / 1e6,
                    r.bytes() / (r.wallNanos() / 1e9) / 1e6, r.clamped(), r.maxStepBackUs(), r.skipped());
            if (stopped) {
                break;
            }
        }
        if (files.size() > 1) {
            out.printf(Locale.ROOT, "published %d recordings, %,d events in %.1f s%n", files.size(), total,
                    (System.nanoTime() - start) / 1e9);
        }
        return 0;
    }

    private static RecordingPublisher.Result publishOnce(RecordingPublisher publisher, RecordingReplay.Opener opener,
                                                         String streamId, List<LabelSegment> labels, Progress progress,
                                                         Path file, PrintStream err)
            throws IOException, InterruptedException {
        try (EventReader reader = opener.open()) {
            err.printf("%s: %s %s, source '%s', %d label segments -> %s as stream %s%n",
                    file == null ? "stdin" : file.getFileName(), reader.info().format().id(),
                    reader.info().geometry(), reader.info().source(), labels.size(),
                    publisher.options().eventsTopic(), streamId);
            return publisher.publish(reader, streamId, labels, progress);
        }
    }

    private static int publishDataset(Args args, KafkaClientConfig bootstrap, RecordingPublisher.Options options,
                                      ReadOptions read, PrintStream out, PrintStream err) throws Exception {
        SampleDataset data = SampleDataset.open(Path.of(args.get("dataset", "")));
        int epochs = Integer.parseInt(args.get("epochs", "1"));
        long seed = Long.parseLong(args.get("seed", "1"));
        long gapMs = Long.parseLong(args.get("gap-ms", "100"));
        if (epochs < 1 || gapMs < 0) {
            throw new IllegalArgumentException("--epochs must be at least 1 and --gap-ms at least 0");
        }
        String streamId = args.get("stream-id", data.name());
        List<SampleOrder.Entry> order = SampleOrder.of(data, epochs, seed);
        err.println("dataset " + data.describe());
        err.printf("publishing %d epoch(s) of the training samples (seed %d) then the test samples held out, %d ms "
                + "apart, as stream %s -> %s, %s%n", epochs, seed, gapMs, streamId, options.eventsTopic(),
                options.labelsTopic());
        err.println("the service needs these classes: --learner.classes=" + data.classes().spec());
        KafkaTopics.ensure(bootstrap, List.of(options.eventsTopic(), options.labelsTopic()), 1);
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            RecordingPublisher publisher = new RecordingPublisher(producer, options, System::nanoTime,
                    nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
            SamplePlayer player = new SamplePlayer(streamId, gapMs * 1000, options.packetEvents(),
                    options.packetUs(), read);
            Progress progress = new Progress(args.options().containsKey("quiet") ? null : err, System::nanoTime,
                    250_000_000L);
            RecordingPublisher.Result r;
            try {
                r = new DatasetPublisher(publisher).publish(order, player, streamId, progress);
            } catch (RecordingFormatException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            out.printf(Locale.ROOT, "published dataset %s as stream %s: %d samples (%d without events skipped), %,d "
                            + "events in %,d records (%,d bytes, %s), %d labels, %.2f M ev/s; sensor %s%n",
                    data.name(), streamId, order.size() - player.emptySamples(), player.emptySamples(), r.events(),
                    r.packets(), r.bytes(), options.encoding().id(), r.labels(),
                    r.events() / (r.wallNanos() / 1e9) / 1e6, player.geometry());
        }
        return 0;
    }

    private static RecordingPublisher.Options options(Args args) {
        int packetEvents = Integer.parseInt(args.get("packet-events", "8192"));
        long packetUs = Long.parseLong(args.get("packet-us", "20000"));
        if (packetEvents < 1 || packetUs < 1) {
            throw new IllegalArgumentException("--packet-events and --packet-us must be positive");
        }
        return new RecordingPublisher.Options(args.get("topic", "dvs.events"), args.get("labels-topic", "dvs.labels"),
                speed(args.get("speed", "max")), packetEvents, packetUs,
                PayloadEncoding.parse(args.get("encoding", "naca-v1")));
    }

    static ReadOptions readOptions(Args args) {
        ReadOptions read = ReadOptions.defaults();
        if (args.options().containsKey("format")) {
            read = read.withFormat(RecordingFormat.parse(args.get("format", "")));
        }
        if (args.options().containsKey("geometry")) {
            read = read.withGeometry(SensorGeometry.parse(args.get("geometry", "")));
        }
        String convention = args.get("aedat2-convention", "jaer");
        return read.withAedat2Convention(switch (convention.toLowerCase(Locale.ROOT)) {
            case "jaer" -> Aedat2Convention.JAER;
            case "raw" -> Aedat2Convention.RAW;
            default -> throw new IllegalArgumentException("--aedat2-convention must be jaer or raw");
        });
    }

    /** The recordings to publish: one file, a directory's recordings in name order, or null for stdin. */
    static List<Path> files(String path) throws IOException {
        List<Path> out = new ArrayList<>();
        if (path.equals("-")) {
            out.add(null);
            return out;
        }
        Path p = Path.of(path);
        if (Files.isDirectory(p)) {
            try (var list = Files.list(p)) {
                list.filter(Files::isRegularFile).sorted().filter(PublishCommand::isRecording).forEach(out::add);
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("no recording in directory " + p);
            }
        } else if (Files.isRegularFile(p)) {
            out.add(p);
        } else {
            throw new IllegalArgumentException("no such file or directory: " + p);
        }
        return out;
    }

    private static boolean isRecording(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".aedat") || n.endsWith(".aedat4") || n.endsWith(".raw") || n.endsWith(".dat")
                || n.endsWith(".bin") || n.endsWith(".nacs");
    }

    private static List<LabelSegment> labels(Path file, String streamId, ReplayOptions replay) throws IOException {
        if (file == null || !replay.mode().equals("file")) {
            return List.of();
        }
        Path csv = GestureLabelsCsv.labelsFor(file);
        return Files.isRegularFile(csv) ? GestureLabelsCsv.read(csv, streamId, true) : List.of();
    }

    private static String stem(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }
}
