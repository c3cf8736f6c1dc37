package io.nacastream.ingest.dvsgesture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The DVS128 Gesture dataset (IBM, CC BY 4.0) as unpacked from {@code DvsGesture.tar.gz}: AEDAT 3.1 trials
 * {@code userNN_lighting.aedat} with {@code userNN_lighting_labels.csv}, split by {@code trials_to_train.txt} and
 * {@code trials_to_test.txt} (users 01–23 train, 24–29 test: 98 + 24 trials). Without the split files, the official
 * split is applied by user number.
 */
public final class GestureDataset {

    private static final Pattern TRIAL = Pattern.compile("user(\\d\\d)_([a-z_]+)\\.aedat");
    /** First user of the official test split. */
    public static final int FIRST_TEST_USER = 24;

    /**
     * One recording.
     *
     * @param file   the AEDAT 3.1 file
     * @param labels its label file
     * @param user   user number (1..29)
     * @param light  lighting condition (fluorescent, fluorescent_led, lab, led, natural)
     * @param train  whether it belongs to the training split
     */
    public record Trial(Path file, Path labels, int user, String light, boolean train) {

        /** Stream id used on Kafka and in reports: {@code userNN_lighting}. */
        public String streamId() {
            return String.format("user%02d_%s", user, light);
        }
    }

    private final Path root;
    private final List<Trial> trials;
    private final List<String> trainList;
    private final List<String> testList;

    private GestureDataset(Path root, List<Trial> trials, List<String> trainList, List<String> testList) {
        this.root = root;
        this.trials = trials;
        this.trainList = trainList;
        this.testList = testList;
    }

    /**
     * Scans {@code root}; throws {@link IllegalArgumentException} with what is missing when it does not hold the
     * dataset (no trials, a trial without labels, a split file naming an absent trial).
     */
    public static GestureDataset open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory; point it at the unpacked DvsGesture folder");
        }
        List<String> trainList = list(root.resolve("trials_to_train.txt"));
        List<String> testList = list(root.resolve("trials_to_test.txt"));
        List<Trial> trials = new ArrayList<>();
        try (var files = Files.list(root)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = TRIAL.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                Path labels = GestureLabelsCsv.labelsFor(f);
                if (!Files.isRegularFile(labels)) {
                    throw new IllegalArgumentException("trial " + f.getFileName() + " has no label file "
                            + labels.getFileName());
                }
                int user = Integer.parseInt(m.group(1));
                String name = f.getFileName().toString();
                boolean train = trainList != null ? trainList.contains(name)
                        : testList != null ? !testList.contains(name) : user < FIRST_TEST_USER;
                if (trainList != null && testList != null && !trainList.contains(name) && !testList.contains(name)) {
                    continue; // in neither official list
                }
                trials.add(new Trial(f, labels, user, m.group(2), train));
            }
        }
        if (trials.isEmpty()) {
            throw new IllegalArgumentException("no userNN_lighting.aedat trial in " + root
                    + "; download DvsGesture.tar.gz (IBM, CC BY 4.0) and unpack it there");
        }
        for (List<String> split : new ArrayList<>(java.util.Arrays.asList(trainList, testList))) {
            if (split == null) {
                continue;
            }
            for (String name : split) {
                if (trials.stream().noneMatch(t -> t.file().getFileName().toString().equals(name))) {
                    throw new IllegalArgumentException("split file lists " + name + " but it is not in " + root);
                }
            }
        }
        return new GestureDataset(root, List.copyOf(trials), trainList, testList);
    }

    private static List<String> list(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** All trials, training ones and test ones, in file-name order. */
    public List<Trial> trials() {
        return trials;
    }

    /**
     * Trials of one split, in the order its split file ({@code trials_to_train.txt} or {@code trials_to_test.txt})
     * lists them, or in file-name order without one ({@link #splitOrder}).
     */
    public List<Trial> split(boolean train) {
        List<String> listed = train ? trainList : testList;
        List<Trial> out = new ArrayList<>(trials.stream().filter(t -> t.train() == train).toList());
        if (listed != null) {
            out.sort(java.util.Comparator.comparingInt(t -> listed.indexOf(t.file().getFileName().toString())));
        }
        return List.copyOf(out);
    }

    /** How {@link #split} orders a split: {@code "trials_to_train.txt order"} or {@code "file-name order"}. */
    public String splitOrder(boolean train) {
        List<String> listed = train ? trainList : testList;
        return listed != null ? (train ? "trials_to_train.txt" : "trials_to_test.txt") + " order"
                : "file-name order (no " + (train ? "trials_to_train.txt" : "trials_to_test.txt") + ")";
    }
}
