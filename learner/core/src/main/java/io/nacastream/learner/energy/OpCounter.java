package io.nacastream.learner.energy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a learner counts its operations (per layer and phase, {@link Ops}) and CPU time. Learners count one kernel
 * call at a time as "n units of this per-unit cost", never per weight; a disabled counter is a single predictable
 * branch per call, so counting costs nothing measurable when off (BENCHMARKS.md). While {@link #replaying(boolean)}
 * is on, forward work is booked to the learning phase: it is done only to learn. Not thread-safe: the learner's
 * thread owns it; {@link #snapshot()} from the same thread.
 */
public final class OpCounter {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final int FORWARD = 0;
    private static final int LEARNING = 1;

    private final boolean enabled;
    private final String[] names;
    /** [phase][layer][field of Ops]. */
    private final long[][][] ops;
    private final long[] spikes;
    private boolean replaying;
    private long events;
    private long cpuNanos;

    private OpCounter(boolean enabled, List<String> layerNames) {
        this.enabled = enabled;
        this.names = layerNames.toArray(String[]::new);
        ops = new long[2][names.length][Ops.FIELDS.size()];
        spikes = new long[names.length];
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

    /** While on, forward work counts as learning (a segment replayed to learn from it) and spikes are not counted. */
    public void replaying(boolean on) {
        replaying = on;
    }

    /** Counts {@code units} times {@code perUnit} of forward work in {@code layer}. */
    public void forward(int layer, Ops perUnit, long units) {
        if (enabled) {
            add(ops[replaying ? LEARNING : FORWARD][layer], perUnit, units);
        }
    }

    /** Counts {@code units} times {@code perUnit} of learning work in {@code layer}. */
    public void learning(int layer, Ops perUnit, long units) {
        if (enabled) {
            add(ops[LEARNING][layer], perUnit, units);
        }
    }

    private static void add(long[] a, Ops c, long n) {
        a[0] += c.adds() * n;
        a[1] += c.macs() * n;
        a[2] += c.compares() * n;
        a[3] += c.exps() * n;
        a[4] += c.weightReads() * n;
        a[5] += c.weightWrites() * n;
        a[6] += c.stateReads() * n;
        a[7] += c.stateWrites() * n;
    }

    /** Counts spikes emitted by the postsynaptic units of {@code layer} (not while replaying). */
    public void spikes(int layer, long n) {
        if (enabled && !replaying) {
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
            layers.add(new LayerCounts(names[l], Ops.of(ops[FORWARD][l].clone()), Ops.of(ops[LEARNING][l].clone()),
                    spikes[l]));
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
            ops[FORWARD][l] = c.forward().toArray();
            ops[LEARNING][l] = c.learning().toArray();
            spikes[l] = c.spikes();
        }
    }
}
