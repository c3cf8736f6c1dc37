package io.nacastream.bench;

import io.nacastream.ingest.label.ClassNames;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.service.config.ConfigKey;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.service.dashboard.RunDashboard;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code bench} entry point: {@code java -jar naca-stream.jar bench <name> [options]}, names listed by
 * {@code bench --help}.
 * {@code accuracy} and {@code continual} take the service's {@code --key=value} options (defaults: 20 learned and
 * 6 held-out synthetic subjects); {@code accuracy} also takes {@code --learners=naca-event,naca-tick,bp} and
 * {@code --epochs=N};
 * {@code continual} also takes {@code --classes-per-task=N} and {@code --learners=naca,naca-mask,naca-fixed,naca-reference,bp,bp-ewc,softmax,ridge,drtp,dfa,sbp,backei};
 * {@code tune} is {@link TuneBench}'s grid search; {@code hotpath} passes its arguments to JMH.
 */
public final class Bench {

    /** The options of {@code bench dataset} that {@code bench tune --on=dataset} takes too. */
    private static final Set<String> DATASET_OPTIONS = Set.of("dataset", "epochs", "seed", "gap-ms", "geometry",
            "format");

    private Bench() {
    }

    /** Runs one benchmark; returns the process exit code. */
    public static int run(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: java -jar naca-stream.jar bench accuracy  [--epochs=N] [--learners="
                    + AccuracyBench.DEFAULT_LEARNERS + "] [--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench continual [--classes-per-task=N] "
                    + "[--learners=naca,naca-mask,naca-fixed,naca-reference,bp,bp-ewc,softmax,ridge,drtp,dfa,sbp,backei] "
                    + "[--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench hotpath   [JMH options, e.g. -p hidden=512 "
                    + "-prof gc; or a benchmark regex first]");
            System.out.println("       java -jar naca-stream.jar bench readers   [--data=DIR] [--events=N] [--runs=N] "
                    + "[--dir=TMP]");
            System.out.println("       java -jar naca-stream.jar bench publish   [--data=DIR] [--events=N] [--runs=N] "
                    + "[--packet-events=N]");
            System.out.println("       java -jar naca-stream.jar bench dvsgesture --dataset=DIR [--order=list|shuffle] "
                    + "[--seed=S] [--epochs=N] [--learners=naca,...] [--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench dataset   --dataset=ROOT [--epochs=N] [--seed=S] "
                    + "[--learners=" + DatasetBench.DEFAULT_LEARNERS + "] [--gap-ms=" + DatasetBench.DEFAULT_GAP_MS
                    + "] [--geometry=WxH] [--format=F] [--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench tune      --on=accuracy|dataset --learner=ID "
                    + "[--grid='key=v1,v2;key2=w1,w2'] [--budget-check=N] [--key=value ...]");
            System.out.println("             --on=accuracy: [--validation-seeds="
                    + String.join(",", TuneBench.DEFAULT_VALIDATION_SEEDS.stream().map(String::valueOf).toList())
                    + "] [--allow-report-seed]");
            System.out.println("             --on=dataset:  --dataset=ROOT [--epochs=N] [--seed=S] [--gap-ms=MS] "
                    + "[--geometry=WxH] [--format=F]");
            System.out.println("       java -jar naca-stream.jar bench e2e       [--rates=100000,1000000,5000000,max,backlog] "
                    + "[--seconds=20] [--streams=1] [--subjects=4] [--warmup-s=10] [--report-s=5] [--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench scaling   [--hidden=256,512,1024] [--streams=1,4,16] "
                    + "[--seconds=15] [--subjects=4] [--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench drift     [--subjects=6] [--passes=40] "
                    + "[--key=value ...]");
            System.out.println("       java -jar naca-stream.jar bench profile   FILE.jfr   (execution samples of a "
                    + "flight recording by stage: poll, decode, encode, learn, sink, checkpoint, ...)");
            System.out.println("--data is the folder of real sample recordings [$NACA_SHARED_DATA or ../shared/data/real]");
            System.out.println("bench dataset: ROOT/train/<class>/<sample> and ROOT/test/<class>/<sample> (N-MNIST's "
                    + "Train/ and Test/ too); learners: " + String.join(",", BenchLearners.IDS));
            System.out.println("bench tune: one learner, each configuration of the grid (the cartesian product of "
                    + "service keys and values, all checked before any run) scored on validation data only:");
            System.out.println("  --on=accuracy: mean held-out accuracy of bench accuracy over the validation seeds "
                    + "(synthetic.seed); the reported seed (default " + Settings.defaults().synthetic().seed()
                    + ", or a fixed --synthetic.seed) is refused without --allow-report-seed");
            System.out.println("  --on=dataset: held-out accuracy of bench dataset on the test/ split, used as the "
                    + "validation split");
            System.out.println("  prints a line per configuration, a table ranked by score (ties: grid order) and the "
                    + "winner as --key=value options; --budget-check=N fails unless the grid has N configurations "
                    + "(tune every learner with the same budget)");
            System.out.println("The --key=value options are the service's (see --help); benchmark defaults:");
            System.out.println("  synthetic.train-subjects=20 synthetic.test-subjects=6");
            return args.length == 0 ? 2 : 0;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "hotpath" -> {
                List<String> jmh = new ArrayList<>(List.of(rest));
                if (jmh.isEmpty() || jmh.get(0).startsWith("-")) {
                    // no benchmark named: both, encoder and learner (with the roofline)
                    jmh.add(0, "(" + EncoderHotPathBenchmark.class.getName() + "|"
                            + LearnerHotPathBenchmark.class.getName() + ")");
                }
                org.openjdk.jmh.Main.main(jmh.toArray(String[]::new));
                return 0;
            }
            case "accuracy" -> {
                Map<String, String> local = new HashMap<>();
                ServiceConfig config = config(rest, local, Set.of("learners", "epochs"));
                try (RunDashboard dashboard = dashboard(config)) {
                    new AccuracyBench(config, local.getOrDefault("learners", AccuracyBench.DEFAULT_LEARNERS),
                            positive("epochs", local.getOrDefault("epochs", "1")), System.out, dashboard.feed()).run();
                }
                return 0;
            }
            case "tune" -> {
                tune(rest).run();
                return 0;
            }
            case "continual" -> {
                Map<String, String> local = new HashMap<>();
                ServiceConfig config = config(rest, local, Set.of("classes-per-task", "learners"));
                int perTask = Integer.parseInt(local.getOrDefault("classes-per-task", "1"));
                Set<String> learners = new LinkedHashSet<>(List.of(local.getOrDefault("learners",
                        String.join(",", ContinualBench.LEARNERS)).split(",")));
                try (RunDashboard dashboard = dashboard(config)) {
                    new ContinualBench(config, perTask, learners, System.out, dashboard.feed()).run();
                }
                return 0;
            }
            case "readers" -> {
                Map<String, String> o = options(rest, Set.of("data", "dir", "events", "runs"));
                new ReaderBench(Path.of(o.getOrDefault("data", sharedData())),
                        Path.of(o.getOrDefault("dir", System.getProperty("java.io.tmpdir") + "/naca-reader-bench")),
                        Long.parseLong(o.getOrDefault("events", "10000000")), Integer.parseInt(o.getOrDefault("runs", "5")),
                        System.out).run();
                return 0;
            }
            case "dvsgesture" -> {
                Map<String, String> local = new HashMap<>();
                ServiceConfig config = config(rest, local, Set.of("dataset", "order", "seed", "epochs", "learners"));
                if (!local.containsKey("dataset")) {
                    throw new IllegalArgumentException("bench dvsgesture needs --dataset=<unpacked DvsGesture folder>");
                }
                DvsGestureBench.Order order = switch (local.getOrDefault("order", "list").toLowerCase(Locale.ROOT)) {
                    case "list" -> DvsGestureBench.Order.LIST;
                    case "shuffle" -> DvsGestureBench.Order.SHUFFLE;
                    default -> throw new IllegalArgumentException("--order must be list or shuffle");
                };
                new DvsGestureBench(config, new DvsGestureBench.Options(Path.of(local.get("dataset")), order,
                        Long.parseLong(local.getOrDefault("seed", "1")),
                        positive("epochs", local.getOrDefault("epochs", "1")),
                        local.getOrDefault("learners", BenchLearners.configured(Settings.of(config).learner()))),
                        System.out).run();
                return 0;
            }
            case "dataset" -> {
                Map<String, String> local = new HashMap<>();
                Set<String> allowed = new HashSet<>(DATASET_OPTIONS);
                allowed.add("learners");
                ServiceConfig config = config(rest, local, allowed);
                new DatasetBench(config, datasetOptions("bench dataset", local,
                        local.getOrDefault("learners", DatasetBench.DEFAULT_LEARNERS)), System.out).run();
                return 0;
            }
            case "e2e" -> {
                Map<String, String> service = new HashMap<>();
                Map<String, String> local = new HashMap<>();
                split(rest, Set.of("rates", "seconds", "streams", "subjects", "warmup-s", "report-s"), service, local);
                List<Long> rates = new ArrayList<>();
                for (String r : local.getOrDefault("rates", "100000,1000000,5000000,max").split(",")) {
                    rates.add(r.trim().equals("max") ? 0L : r.trim().equals("backlog") ? EndToEndBench.BACKLOG
                            : Long.parseLong(r.trim()));
                }
                new EndToEndBench(service, new EndToEndBench.Options(rates,
                        Integer.parseInt(local.getOrDefault("seconds", "20")),
                        Integer.parseInt(local.getOrDefault("streams", "1")),
                        Integer.parseInt(local.getOrDefault("subjects", "4")),
                        Integer.parseInt(local.getOrDefault("warmup-s", "10")),
                        Integer.parseInt(local.getOrDefault("report-s", "5"))), System.out).run();
                return 0;
            }
            case "scaling" -> {
                Map<String, String> service = new HashMap<>();
                Map<String, String> local = new HashMap<>();
                split(rest, Set.of("hidden", "streams", "seconds", "subjects"), service, local);
                new ScalingBench(service, ints(local.getOrDefault("hidden", "256,512,1024")),
                        ints(local.getOrDefault("streams", "1,4,16")),
                        Integer.parseInt(local.getOrDefault("seconds", "15")),
                        Integer.parseInt(local.getOrDefault("subjects", "4")), System.out).run();
                return 0;
            }
            case "profile" -> {
                if (rest.length != 1) {
                    System.err.println("usage: java -jar naca-stream.jar bench profile FILE.jfr");
                    return 2;
                }
                ProfileStages.run(Path.of(rest[0]), System.out);
                return 0;
            }
            case "drift" -> {
                Map<String, String> service = new HashMap<>();
                Map<String, String> local = new HashMap<>();
                split(rest, Set.of("subjects", "passes"), service, local);
                new DriftBench(ServiceConfig.of(service, Map.of()), Integer.parseInt(local.getOrDefault("subjects", "6")),
                        Integer.parseInt(local.getOrDefault("passes", "40")), System.out).run();
                return 0;
            }
            case "publish" -> {
                Map<String, String> o = options(rest, Set.of("data", "events", "runs", "packet-events"));
                new PublishBench(Path.of(o.getOrDefault("data", sharedData())),
                        Long.parseLong(o.getOrDefault("events", "20000000")), Integer.parseInt(o.getOrDefault("runs", "3")),
                        Integer.parseInt(o.getOrDefault("packet-events", "8192")), System.out).run();
                return 0;
            }
            default -> {
                System.err.println("unknown benchmark '" + args[0] + "': accuracy, continual, hotpath, readers, "
                        + "publish, e2e, scaling, drift, dvsgesture, dataset or tune");
                return 2;
            }
        }
    }

    /**
     * {@code bench tune}'s search from its arguments: {@code --on}, {@code --learner}, {@code --grid},
     * {@code --budget-check}, the options of its mode and the fixed service keys; throws naming a bad option.
     */
    static TuneBench tune(String[] args) {
        List<String> rest = new ArrayList<>(List.of(args));
        boolean flag = rest.removeIf("--allow-report-seed"::equals);
        Map<String, String> local = new HashMap<>();
        Set<String> allowed = new HashSet<>(DATASET_OPTIONS);
        allowed.addAll(Set.of("on", "learner", "grid", "budget-check", "validation-seeds", "allow-report-seed"));
        ServiceConfig config = config(rest.toArray(String[]::new), local, allowed);
        String on = local.getOrDefault("on", "");
        if (!on.equals("accuracy") && !on.equals("dataset")) {
            throw new IllegalArgumentException("bench tune needs --on=accuracy or --on=dataset, got '" + on + "'");
        }
        boolean allowReportSeed = flag || bool("allow-report-seed", local.getOrDefault("allow-report-seed", "false"));
        if (!local.containsKey("learner")) {
            throw new IllegalArgumentException("bench tune needs --learner=ID, one of " + String.join(", ",
                    BenchLearners.IDS));
        }
        TuneGrid grid = TuneGrid.parse(local.get("grid"));
        for (String fixed : ServiceConfig.parseArgs(rest.toArray(String[]::new)).keySet()) {
            if (grid.values().containsKey(fixed)) {
                throw new IllegalArgumentException("--" + fixed + " is both fixed and in --grid; give it in one place");
            }
        }
        OptionalInt budget = local.containsKey("budget-check")
                ? OptionalInt.of(positive("budget-check", local.get("budget-check"))) : OptionalInt.empty();
        Set<String> datasetGiven = new HashSet<>(local.keySet());
        datasetGiven.retainAll(DATASET_OPTIONS);
        TuneBench.Options options = switch (on) {
            case "accuracy" -> {
                if (!datasetGiven.isEmpty()) {
                    throw new IllegalArgumentException("--" + String.join(", --", datasetGiven) + " apply to "
                            + "--on=dataset, not --on=accuracy");
                }
                List<Long> seeds = new ArrayList<>(TuneBench.DEFAULT_VALIDATION_SEEDS);
                if (local.containsKey("validation-seeds")) {
                    seeds.clear();
                    for (String s : local.get("validation-seeds").split(",")) {
                        seeds.add(parseLong("validation-seeds", s));
                    }
                }
                yield TuneBench.Options.onAccuracy(local.get("learner"), grid, seeds, allowReportSeed, budget);
            }
            default -> {
                if (local.containsKey("validation-seeds") || allowReportSeed) {
                    throw new IllegalArgumentException("--validation-seeds and --allow-report-seed apply to "
                            + "--on=accuracy; --on=dataset validates on the dataset's test/ split (--seed=S orders "
                            + "the samples)");
                }
                yield TuneBench.Options.onDataset(local.get("learner"), grid,
                        datasetOptions("bench tune --on=dataset", local, local.get("learner")), budget);
            }
        };
        return new TuneBench(config, options, System.out);
    }

    /** {@code bench dataset}'s options from {@code local}; {@code command} names the benchmark in errors. */
    private static DatasetBench.Options datasetOptions(String command, Map<String, String> local, String learners) {
        if (!local.containsKey("dataset")) {
            throw new IllegalArgumentException(command + " needs --dataset=ROOT (ROOT/train/<class>/<sample>,"
                    + " ROOT/test/<class>/<sample>)");
        }
        ReadOptions read = ReadOptions.defaults();
        if (local.containsKey("format")) {
            read = read.withFormat(RecordingFormat.parse(local.get("format")));
        }
        if (local.containsKey("geometry")) {
            read = read.withGeometry(SensorGeometry.parse(local.get("geometry")));
        }
        return new DatasetBench.Options(Path.of(local.get("dataset")),
                positive("epochs", local.getOrDefault("epochs", "1")),
                parseLong("seed", local.getOrDefault("seed", "1")), learners,
                1000L * positiveOrZero("gap-ms", local.getOrDefault("gap-ms",
                        Long.toString(DatasetBench.DEFAULT_GAP_MS))), read);
    }

    private static boolean bool(String option, String value) {
        if (!value.trim().equalsIgnoreCase("true") && !value.trim().equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("--" + option + " must be true or false, got '" + value.trim() + "'");
        }
        return Boolean.parseBoolean(value.trim());
    }

    private static long parseLong(String option, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + option + " must be a whole number, got '" + value.trim() + "'");
        }
    }

    /** Sorts {@code --key=value} options into the service's keys and this benchmark's {@code known} options. */
    static void split(String[] args, Set<String> known, Map<String, String> service, Map<String, String> local) {
        for (Map.Entry<String, String> e : ServiceConfig.parseArgs(args).entrySet()) {
            boolean key = ServiceConfig.KEYS.stream().map(ConfigKey::name).anyMatch(e.getKey()::equals);
            if (!key && !known.contains(e.getKey())) {
                throw new IllegalArgumentException("unknown option --" + e.getKey() + "; options: " + known
                        + " and the service's keys (see --help)");
            }
            (key ? service : local).put(e.getKey(), e.getValue());
        }
    }

    private static int positive(String option, String value) {
        long v = parseLong(option, value);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + option + " must be from 1 to " + Integer.MAX_VALUE + ", got " + v);
        }
        return (int) v;
    }

    private static long positiveOrZero(String option, String value) {
        long v = parseLong(option, value);
        if (v < 0) {
            throw new IllegalArgumentException("--" + option + " must be at least 0, got " + v);
        }
        return v;
    }

    /** A comma-separated list of integers. */
    static List<Integer> ints(String csv) {
        List<Integer> out = new ArrayList<>();
        for (String v : csv.split(",")) {
            out.add(Integer.parseInt(v.trim()));
        }
        return out;
    }

    /** Where the real sample recordings are: $NACA_SHARED_DATA, else ../shared/data/real. */
    static String sharedData() {
        return System.getenv().getOrDefault("NACA_SHARED_DATA", "../shared/data/real");
    }

    /** {@code --key=value} options, refusing keys outside {@code allowed}. */
    static Map<String, String> options(String[] args, Set<String> allowed) {
        Map<String, String> o = ServiceConfig.parseArgs(args);
        for (String k : o.keySet()) {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException("unknown option --" + k + "; options: " + allowed);
            }
        }
        return o;
    }

    /** The dashboard of a bounded benchmark on the synthetic gesture stream, as {@code config} asks. */
    private static RunDashboard dashboard(ServiceConfig config) {
        return RunDashboard.start(Settings.of(config).http(), ClassNames.dvsGesture(), Clock.systemUTC(), System.out);
    }

    /**
     * The service configuration with benchmark defaults; options that are not service keys go to {@code local} and
     * must be among {@code allowed}.
     */
    static ServiceConfig config(String[] args, Map<String, String> local, Set<String> allowed) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put("synthetic.train-subjects", "20");
        overrides.put("synthetic.test-subjects", "6");
        Map<String, String> parsed = ServiceConfig.parseArgs(args);
        for (Map.Entry<String, String> e : parsed.entrySet()) {
            boolean known = ServiceConfig.KEYS.stream().map(ConfigKey::name).anyMatch(e.getKey()::equals);
            (known ? overrides : local).put(e.getKey(), e.getValue());
        }
        Set<String> unknown = new TreeSet<>(local.keySet());
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown benchmark option(s) " + unknown + "; this benchmark "
                    + "takes " + (allowed.isEmpty() ? "no own options" : new TreeSet<>(allowed)) + " and the service's "
                    + "keys (see bench --help)");
        }
        return ServiceConfig.of(overrides, System.getenv());
    }
}
