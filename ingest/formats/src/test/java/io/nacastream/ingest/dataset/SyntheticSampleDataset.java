package io.nacastream.ingest.dataset;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.nmnist.NmnistWriter;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes a small class-folder dataset of N-MNIST-format samples (34×34) for trying and testing the dataset path
 * without downloading one: class c is a horizontal bar of 4 rows whose position depends on c, each sample 1,500
 * random ON/OFF events on the bar over 250 ms. Seeded; its accuracy says nothing about any real dataset.
 */
public final class SyntheticSampleDataset {

    /** Events per sample. */
    public static final int EVENTS = 1500;

    private SyntheticSampleDataset() {
    }

    /**
     * Writes {@code ROOT/train/<class>/sNN.bin} ({@code train} per class) and {@code ROOT/test/<class>/tNN.bin}
     * ({@code test} per class) for the classes {@code names} (at most 8: the bars must fit the sensor).
     */
    public static void write(Path root, String[] names, int train, int test, long seed) throws IOException {
        if (names.length < 1 || names.length > 8) {
            throw new IllegalArgumentException("1..8 classes, got " + names.length);
        }
        for (int c = 0; c < names.length; c++) {
            for (int i = 0; i < train + test; i++) {
                String file = i < train ? String.format("train/%s/s%02d.bin", names[c], i)
                        : String.format("test/%s/t%02d.bin", names[c], i - train);
                sample(root.resolve(file), row(c, names.length), seed * 1_000_003 + 1000L * c + i);
            }
        }
    }

    /** First row of class {@code c}'s bar among {@code classes}. */
    public static int row(int c, int classes) {
        return classes == 1 ? 15 : c * 30 / (classes - 1);
    }

    private static void sample(Path file, int row, long seed) throws IOException {
        Files.createDirectories(file.getParent());
        SplittableRandom r = new SplittableRandom(seed);
        EventPacket.Builder b = EventPacket.builder("sample", 34, 34, EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            b.add(r.nextInt(34), row + r.nextInt(4), r.nextBoolean(), i * 166L);
        }
        try (NmnistWriter w = new NmnistWriter(new BufferedOutputStream(Files.newOutputStream(file)))) {
            w.write(b.build());
        }
    }
}
