package io.nacastream.ingest.dataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The order a dataset is streamed in: {@code epochs} passes over the training samples, each in its own seeded
 * shuffle, learned from; then the test samples in a seeded shuffle, held out (scored, never learned). The same seed
 * gives the same order.
 */
public final class SampleOrder {

    /**
     * One sample in the stream.
     *
     * @param sample the sample
     * @param learn  true for a training sample (learned from), false for a held-out one
     * @param epoch  0-based pass over the training split; -1 for held-out samples
     */
    public record Entry(SampleDataset.Sample sample, boolean learn, int epoch) {
    }

    private SampleOrder() {
    }

    /** The stream order of {@code dataset}. */
    public static List<Entry> of(SampleDataset dataset, int epochs, long seed) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        Random random = new Random(seed);
        List<Entry> out = new ArrayList<>(epochs * dataset.train().size() + dataset.test().size());
        for (int e = 0; e < epochs; e++) {
            List<SampleDataset.Sample> pass = new ArrayList<>(dataset.train());
            Collections.shuffle(pass, random);
            for (SampleDataset.Sample s : pass) {
                out.add(new Entry(s, true, e));
            }
        }
        List<SampleDataset.Sample> test = new ArrayList<>(dataset.test());
        Collections.shuffle(test, random);
        for (SampleDataset.Sample s : test) {
            out.add(new Entry(s, false, -1));
        }
        return out;
    }
}
