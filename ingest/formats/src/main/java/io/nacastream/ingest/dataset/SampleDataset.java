package io.nacastream.ingest.dataset;

import io.nacastream.ingest.label.ClassNames;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A labelled sample dataset in class folders, as N-MNIST, N-Caltech101, CIFAR10-DVS, POKER-DVS and tonic or
 * SpikingJelly exports are laid out: {@code ROOT/train/<class>/<sample>} and {@code ROOT/test/<class>/<sample>}
 * ({@code Train/} and {@code Test/} of the official N-MNIST archive work as they are). Each sample is a short
 * recording in any format the readers detect. Class ids follow the sorted class folder names of both splits. Only
 * paths are held; events are read sample by sample ({@link SamplePlayer}).
 */
public final class SampleDataset {

    /** File name endings of recordings; other files in class folders are ignored (and counted). */
    public static final List<String> RECORDING_EXTENSIONS = List.of(".bin", ".aedat", ".aedat4", ".raw", ".dat",
            ".nacs");

    /**
     * One sample.
     *
     * @param file    the recording
     * @param classId its class id (index into {@link #classes()})
     * @param train   whether it belongs to the training split
     */
    public record Sample(Path file, int classId, boolean train) {

        /** {@code <split>/<class folder>/<file name>}, for messages. */
        public String name() {
            return file.getParent().getParent().getFileName() + "/" + file.getParent().getFileName() + "/"
                    + file.getFileName();
        }
    }

    private final Path root;
    private final ClassNames classes;
    private final List<Sample> train;
    private final List<Sample> test;
    private final List<Path> ignored;

    private SampleDataset(Path root, ClassNames classes, List<Sample> train, List<Sample> test, List<Path> ignored) {
        this.root = root;
        this.classes = classes;
        this.train = train;
        this.test = test;
        this.ignored = ignored;
    }

    /**
     * Scans {@code root}. Throws {@link IllegalArgumentException} saying what is missing when it is not such a
     * dataset: no {@code train} folder, no class folder in it, or no recording in any class folder. A missing
     * {@code test} folder is allowed (nothing is held out).
     */
    public static SampleDataset open(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException(root + " is not a directory; a sample dataset is ROOT/train/<class>/"
                    + "<sample> and ROOT/test/<class>/<sample>");
        }
        Path trainDir = split(root, "train");
        if (trainDir == null) {
            throw new IllegalArgumentException("no train/ (or Train/) folder in " + root + "; a sample dataset is "
                    + "ROOT/train/<class>/<sample> and ROOT/test/<class>/<sample>");
        }
        Path testDir = split(root, "test");
        Set<String> names = new TreeSet<>(classFolders(trainDir));
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no class folder in " + trainDir + "; expected " + trainDir
                    + "/<class>/<sample>");
        }
        if (testDir != null) {
            names.addAll(classFolders(testDir));
        }
        ClassNames classes = new ClassNames(List.copyOf(names));
        List<Path> ignored = new ArrayList<>();
        List<Sample> train = samples(trainDir, classes, true, ignored);
        List<Sample> test = testDir == null ? List.of() : samples(testDir, classes, false, ignored);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no recording (" + String.join(", ", RECORDING_EXTENSIONS)
                    + ") in the class folders of " + trainDir);
        }
        return new SampleDataset(root, classes, train, test, List.copyOf(ignored));
    }

    /** The split folder named {@code name}, matched without regard to case (exact case preferred), or null. */
    private static Path split(Path root, String name) throws IOException {
        Path exact = root.resolve(name);
        if (Files.isDirectory(exact)) {
            return exact;
        }
        try (var list = Files.list(root)) {
            return list.filter(Files::isDirectory)
                    .filter(p -> p.getFileName().toString().equalsIgnoreCase(name))
                    .sorted().findFirst().orElse(null);
        }
    }

    private static List<String> classFolders(Path split) throws IOException {
        try (var list = Files.list(split)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    private static List<Sample> samples(Path split, ClassNames classes, boolean train, List<Path> ignored)
            throws IOException {
        List<Sample> out = new ArrayList<>();
        for (int c = 0; c < classes.count(); c++) {
            Path folder = split.resolve(classes.name(c));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var list = Files.list(folder)) {
                for (Path f : list.sorted().toList()) {
                    if (isRecording(f)) {
                        out.add(new Sample(f, c, train));
                    } else {
                        ignored.add(f);
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static boolean isRecording(Path f) {
        String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(f) && !n.startsWith(".") && RECORDING_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    /** The dataset folder. */
    public Path root() {
        return root;
    }

    /** The dataset's name: its folder's name. */
    public String name() {
        Path n = root.toAbsolutePath().normalize().getFileName();
        return n == null ? "dataset" : n.toString();
    }

    /** The classes, by id: the sorted class folder names. */
    public ClassNames classes() {
        return classes;
    }

    /** Training samples, class by class in file-name order. */
    public List<Sample> train() {
        return train;
    }

    /** Test (held-out) samples, class by class in file-name order. */
    public List<Sample> test() {
        return test;
    }

    /** Files in class folders that are not recordings and were ignored. */
    public List<Path> ignored() {
        return ignored;
    }

    /** Samples per class of one split. */
    public int[] counts(boolean trainSplit) {
        int[] n = new int[classes.count()];
        for (Sample s : trainSplit ? train : test) {
            n[s.classId()]++;
        }
        return n;
    }

    /** E.g. {@code nmnist-1k: 10 classes (0, 1, ..., 9), 801 training and 199 test samples}. */
    public String describe() {
        List<String> n = classes.names();
        String shown = n.size() <= 12 ? String.join(", ", n)
                : String.join(", ", n.subList(0, 5)) + ", ..., " + n.get(n.size() - 1);
        return String.format(Locale.ROOT, "%s: %d classes (%s), %d training and %d test samples%s", name(),
                n.size(), shown, train.size(), test.size(),
                ignored.isEmpty() ? "" : " (" + ignored.size() + " other files ignored)");
    }
}
