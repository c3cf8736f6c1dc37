package io.nacastream.learner.energy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a learner counts its operations (per layer and phase) and CPU time. A disabled counter is a single
 * predictable branch per call and is called once per layer update, never per weight, so counting costs nothing
 * measurable when off (BENCHMARKS.md). Not thread-safe: the learner's thread owns it; {@link #snapshot()} from the
 * same thread.
 */
public final class OpCounter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final boolean enabled;
    private final String[] names;
    private final long[] fAcs;
    private final long[] fMacs;
    private final long[] fReads;
    private final long[] lAcs;
    private final long[] lMacs;
    private final long[] lReads;
    private final long[] updates;
    private final long[] spikes;
    private long events;
    private long cpuNanos;

    private OpCounter(boolean enabled, List<String> layerNames) {
        this.enabled = enabled;
        this.names = layerNames.toArray(String[]::new);
        int n = names.length;
        fAcs = new long[n];
        fMacs = new long[n];
        fReads = new long[n];
        lAcs = new long[n];
        lMacs = new long[n];
        lReads = new long[n];
        updates = new long[n];
        spikes = new long[n];
    }

    /** A counter for layers with these names. */
    public static OpCounter enabled(List<String> layerNames) {
        return new OpCounter(true, layerNames);
    }

    /** A counter that records only input events; everything else stays 0. */
    public static OpCounter disabled(List<String> layerNames) {
        return new OpCounter(false, layerNames);
    }

    /** Layer names "input-&gt;hidden1", "hidden1-&gt;hidden2", ..., "hiddenL-&gt;output" for {@code hiddenLayers}. */
    public static List<String> layerNames(int hiddenLayers) {
        List<String> names = new ArrayList<>();
        String pre = "input";
        for (int l = 1; l <= hiddenLayers; l++) {
            names.add(pre + "->hidden" + l);
            pre = "hidden" + l;
        }
        names.add(pre + "->output");
        return names;
    }

    /** True if operations are counted. */
    public boolean isEnabled() {
        return enabled;
    }

    /** Counts forward-phase operations of {@code layer}. */
    public void forward(int layer, long acs, long macs, long weightReads) {
        if (enabled) {
            fAcs[layer] += acs;
            fMacs[layer] += macs;
            fReads[layer] += weightReads;
        }
    }

    /** Counts learning-phase operations of {@code layer}. */
    public void learning(int layer, long acs, long macs, long weightReads, long weightUpdates) {
        if (enabled) {
            lAcs[layer] += acs;
            lMacs[layer] += macs;
            lReads[layer] += weightReads;
            updates[layer] += weightUpdates;
        }
    }

    /** Counts spikes emitted by the postsynaptic units of {@code layer}. */
    public void spikes(int layer, long n) {
        if (enabled) {
            spikes[layer] += n;
        }
    }

    /** Counts processed input events (always, so throughput is known even when counting is off). */
    public void events(long n) {
        events += n;
    }

    /** CPU time of the calling thread, or 0 when disabled; pass it to {@link #cpuSince}. */
    public long cpuStart() {
        return enabled ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** Adds the calling thread's CPU time since {@code start} (from {@link #cpuStart}). */
    public void cpuSince(long start) {
        if (enabled) {
            cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        }
    }

    /** The counts so far. */
    public OpCounts snapshot() {
        List<LayerCounts> layers = new ArrayList<>(names.length);
        for (int l = 0; l < names.length; l++) {
            layers.add(new LayerCounts(names[l], fAcs[l], fMacs[l], fReads[l], lAcs[l], lMacs[l], lReads[l],
                    updates[l], spikes[l]));
        }
        return new OpCounts(events, cpuNanos, layers);
    }

    /** Replaces every count by those of {@code counts} (restoring a checkpoint); layer count must match. */
    public void restore(OpCounts counts) {
        if (counts.layers().size() != names.length) {
            throw new IllegalArgumentException("counts have " + counts.layers().size() + " layers, expected "
                    + names.length);
        }
        events = counts.events();
        cpuNanos = counts.cpuNanos();
        for (int l = 0; l < names.length; l++) {
            LayerCounts c = counts.layers().get(l);
            fAcs[l] = c.forwardAcs();
            fMacs[l] = c.forwardMacs();
            fReads[l] = c.forwardWeightReads();
            lAcs[l] = c.learningAcs();
            lMacs[l] = c.learningMacs();
            lReads[l] = c.learningWeightReads();
            updates[l] = c.weightUpdates();
            spikes[l] = c.spikes();
        }
    }
}
