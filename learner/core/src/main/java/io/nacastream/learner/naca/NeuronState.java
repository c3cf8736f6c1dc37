package io.nacastream.learner.naca;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.StateBytes;

import java.util.Arrays;

/**
 * The dynamic state of the network for one sensor stream: membranes, previous-step spikes, spike times (event
 * mode), tick accumulators (tick mode), the output rate estimate, the plasticity mask and the stream's segment
 * tracker. Weights are not here: they are shared by all streams.
 */
final class NeuronState {

    static final long NEVER = Long.MIN_VALUE / 4;

    final SegmentTracker tracker;
    final float[][] v;
    final float[][] sPrev;
    final float[][] gate;
    final int[][] spikeBuffer;
    final float[] rate;
    final float[] outputGain;
    /** DFA's scratch: the output error r - y* (null for other hidden rules). */
    final float[] outputError;
    /** DFA's scratch: each hidden layer's teaching signal η_h·Bᵀ(r - y*) (rows null for other hidden rules). */
    final float[][] errorGain;
    long lastEventUs = NEVER;
    long lastRateUs = NEVER;

    // event mode: when each unit last fired, and a FIFO of (unit, time its "fired recently" flag expires) whose
    // capacity is a power of two (64, doubled when full), so positions wrap with a mask
    final long[][] lastSpikeUs;
    final long[] lastUpdateUs;
    private final int[][] expiryUnit;
    private final long[][] expiryAt;
    private final int[] expiryHead;
    private final int[] expirySize;

    // tick mode
    final float[][] acc;
    final int[][] active;
    final int[] activeCount;
    final boolean[] inputActive;
    long tickStartUs = NEVER;
    int tickClass = -1;
    /** End of the last tick closed while no tick is open yet (the empty ticks after it are still to be skipped). */
    long closedTickEndUs = NEVER;

    /** RIDGE readout: the top hidden layer's spike counts since the segment (or unlabelled stretch) began. */
    final float[] pooled;
    /** The segment the pooled counts belong to (null: an unlabelled stretch). */
    io.nacastream.ingest.label.LabelSegment pooledFor;

    // plasticity mask of the first hidden layer (null when disabled)
    final float[] mask;
    private final float[] activity;
    private long activityUs = NEVER;

    NeuronState(NacaConfig config, SegmentTracker tracker) {
        this.tracker = tracker;
        int layers = config.hiddenLayers() + 1;
        v = new float[layers][];
        sPrev = new float[layers][];
        gate = new float[layers][];
        spikeBuffer = new int[layers][];
        lastSpikeUs = new long[layers][];
        lastUpdateUs = new long[layers];
        expiryUnit = new int[layers][];
        expiryAt = new long[layers][];
        expiryHead = new int[layers];
        expirySize = new int[layers];
        acc = new float[layers][];
        active = new int[layers][];
        activeCount = new int[layers];
        boolean tick = config.mode() == NacaConfig.Mode.TICK;
        for (int l = 0; l < layers; l++) {
            int n = config.postSize(l);
            v[l] = new float[n];
            sPrev[l] = new float[n];
            gate[l] = new float[n];
            spikeBuffer[l] = new int[n];
            lastUpdateUs[l] = NEVER;
            if (tick) {
                acc[l] = new float[n];
                active[l] = new int[config.preSize(l)];
            } else {
                lastSpikeUs[l] = new long[n];
                Arrays.fill(lastSpikeUs[l], NEVER);
                expiryUnit[l] = new int[64];
                expiryAt[l] = new long[64];
            }
        }
        inputActive = tick ? new boolean[config.inputs()] : null;
        rate = new float[config.classes()];
        outputGain = new float[config.classes()];
        boolean dfa = config.hiddenRule() == NacaConfig.HiddenRule.DFA;
        outputError = dfa ? new float[config.classes()] : null;
        errorGain = new float[config.hiddenLayers()][];
        for (int l = 0; dfa && l < errorGain.length; l++) {
            errorGain[l] = new float[config.postSize(l)];
        }
        pooled = config.ridgeReadout() ? new float[config.postSize(config.hiddenLayers() - 1)] : null;
        if (config.maskDelta() > 0) {
            mask = new float[config.postSize(0)];
            Arrays.fill(mask, 1f);
            activity = new float[config.inputs()];
        } else {
            mask = null;
            activity = null;
        }
    }

    /** Event mode: unit {@code k} of layer {@code l} fired at {@code t}; its flag expires at {@code t + window}. */
    void fired(int l, int k, long t, long windowUs) {
        lastSpikeUs[l][k] = t;
        sPrev[l][k] = 1f;
        int cap = expiryUnit[l].length;
        if (expirySize[l] == cap) {
            int[] units = new int[cap * 2];
            long[] at = new long[cap * 2];
            for (int i = 0; i < cap; i++) {
                units[i] = expiryUnit[l][(expiryHead[l] + i) & (cap - 1)];
                at[i] = expiryAt[l][(expiryHead[l] + i) & (cap - 1)];
            }
            expiryUnit[l] = units;
            expiryAt[l] = at;
            expiryHead[l] = 0;
            cap *= 2;
        }
        int tail = (expiryHead[l] + expirySize[l]) & (cap - 1);
        expiryUnit[l][tail] = k;
        expiryAt[l][tail] = t + windowUs;
        expirySize[l]++;
    }

    /**
     * Event mode: clears the "fired recently" flag of units of layer {@code l} whose last spike is over at t; returns
     * the number of expiry entries popped.
     */
    int expire(int l, long t, long windowUs) {
        int cap = expiryUnit[l].length;
        int popped = 0;
        while (expirySize[l] > 0 && expiryAt[l][expiryHead[l]] <= t) {
            popped++;
            int k = expiryUnit[l][expiryHead[l]];
            if (lastSpikeUs[l][k] + windowUs <= t) {
                sPrev[l][k] = 0f;
            }
            expiryHead[l] = (expiryHead[l] + 1) & (cap - 1);
            expirySize[l]--;
        }
        return popped;
    }

    /**
     * Updates the input activity map with the spikes of {@code train} and recomputes the plasticity mask of the
     * first hidden layer (naca.md §1.8, computed from this stream's own input only): hidden unit j reads input
     * ⌊j·IN/H⌋ of the activity map normalised by its maximum, and is plastic (mask 1) when that value is within
     * {@code delta} of the maximum.
     */
    void updateMask(SpikeTrain train, float delta, long windowUs) {
        if (train.size() == 0) {
            return;
        }
        decayActivity(train.timestampUs(0), windowUs);
        for (int k = 0; k < train.size(); k++) {
            activity[train.input(k)] += 1f;
        }
        recomputeMask(delta);
    }

    /** {@link #updateMask(SpikeTrain, float, long)} for spikes {@code from..to-1} of a recorded segment. */
    void updateMask(SegmentReplay spikes, int from, int to, float delta, long windowUs) {
        if (from == to) {
            return;
        }
        decayActivity(spikes.timeUs(from), windowUs);
        for (int k = from; k < to; k++) {
            activity[spikes.input(k)] += 1f;
        }
        recomputeMask(delta);
    }

    private void decayActivity(long t0, long windowUs) {
        if (activityUs != NEVER && t0 > activityUs) {
            float f = (float) Math.exp(-(double) (t0 - activityUs) / windowUs);
            for (int i = 0; i < activity.length; i++) {
                activity[i] *= f;
            }
        }
        activityUs = Math.max(activityUs, t0);
    }

    private void recomputeMask(float delta) {
        float max = 0;
        for (float a : activity) {
            max = Math.max(max, a);
        }
        float cut = (1f - delta) * max;
        int inputs = activity.length;
        int units = mask.length;
        for (int j = 0; j < units; j++) {
            float a = activity[(int) ((long) j * inputs / units)];
            mask[j] = max > 0 && a >= cut ? 1f : 0f;
        }
    }

    /**
     * Makes this state's dynamics (everything but the tracker) a copy of {@code o}'s: the starting point of a
     * segment's replay. Allocates only when {@code o}'s expiry queues have grown past this state's.
     */
    void copyFrom(NeuronState o) {
        for (int l = 0; l < v.length; l++) {
            System.arraycopy(o.v[l], 0, v[l], 0, v[l].length);
            System.arraycopy(o.sPrev[l], 0, sPrev[l], 0, sPrev[l].length);
            lastUpdateUs[l] = o.lastUpdateUs[l];
            if (lastSpikeUs[l] != null) {
                System.arraycopy(o.lastSpikeUs[l], 0, lastSpikeUs[l], 0, lastSpikeUs[l].length);
                if (expiryUnit[l].length != o.expiryUnit[l].length) {
                    expiryUnit[l] = new int[o.expiryUnit[l].length];
                    expiryAt[l] = new long[o.expiryAt[l].length];
                }
                System.arraycopy(o.expiryUnit[l], 0, expiryUnit[l], 0, expiryUnit[l].length);
                System.arraycopy(o.expiryAt[l], 0, expiryAt[l], 0, expiryAt[l].length);
                expiryHead[l] = o.expiryHead[l];
                expirySize[l] = o.expirySize[l];
            }
            if (acc[l] != null) {
                System.arraycopy(o.acc[l], 0, acc[l], 0, acc[l].length);
                System.arraycopy(o.active[l], 0, active[l], 0, o.activeCount[l]);
                activeCount[l] = o.activeCount[l];
            }
        }
        if (inputActive != null) {
            System.arraycopy(o.inputActive, 0, inputActive, 0, inputActive.length);
        }
        System.arraycopy(o.rate, 0, rate, 0, rate.length);
        lastEventUs = o.lastEventUs;
        lastRateUs = o.lastRateUs;
        tickStartUs = o.tickStartUs;
        tickClass = o.tickClass;
        closedTickEndUs = o.closedTickEndUs;
        if (mask != null) {
            System.arraycopy(o.mask, 0, mask, 0, mask.length);
            System.arraycopy(o.activity, 0, activity, 0, activity.length);
            activityUs = o.activityUs;
        }
    }

    /**
     * Writes the dynamics (everything {@link #copyFrom} copies, plus the pooled counts; not the tracker), in the
     * layout of docs/checkpoint-format.md, "Stream state".
     */
    void write(StateBytes.Writer w) {
        w.putLong(lastEventUs).putLong(lastRateUs).putLong(tickStartUs).putInt(tickClass).putLong(closedTickEndUs);
        for (int l = 0; l < v.length; l++) {
            w.putLong(lastUpdateUs[l]).putFloats(v[l]).putFloats(sPrev[l]);
            if (lastSpikeUs[l] != null) {
                w.putLongs(lastSpikeUs[l]).putInt(expirySize[l]);
                int cap = expiryUnit[l].length;
                for (int i = 0; i < expirySize[l]; i++) {
                    int at = (expiryHead[l] + i) & (cap - 1);
                    w.putInt(expiryUnit[l][at]).putLong(expiryAt[l][at]);
                }
            }
            if (acc[l] != null) {
                w.putFloats(acc[l]).putInt(activeCount[l]).putInts(active[l], activeCount[l]);
            }
        }
        if (inputActive != null) {
            for (boolean a : inputActive) {
                w.putBoolean(a);
            }
        }
        w.putFloats(rate);
        if (pooled != null) {
            w.putFloats(pooled).putSegment(pooledFor);
        }
        if (mask != null) {
            w.putFloats(mask).putFloats(activity).putLong(activityUs);
        }
    }

    /** Reads what {@link #write} wrote (for the same configuration); the tracker is untouched. */
    void read(StateBytes.Reader r) {
        lastEventUs = r.getLong();
        lastRateUs = r.getLong();
        tickStartUs = r.getLong();
        tickClass = r.getInt();
        closedTickEndUs = r.getLong();
        for (int l = 0; l < v.length; l++) {
            lastUpdateUs[l] = r.getLong();
            r.getFloats(v[l]);
            r.getFloats(sPrev[l]);
            if (lastSpikeUs[l] != null) {
                r.getLongs(lastSpikeUs[l]);
                int size = r.getInt();
                if (size < 0 || size > 1 << 24) {
                    throw new IllegalArgumentException("stream state: bad expiry queue size " + size);
                }
                int cap = Math.max(64, Integer.highestOneBit(Math.max(1, size - 1)) << 1);
                expiryUnit[l] = new int[cap];
                expiryAt[l] = new long[cap];
                for (int i = 0; i < size; i++) {
                    expiryUnit[l][i] = r.getInt();
                    expiryAt[l][i] = r.getLong();
                    if (expiryUnit[l][i] < 0 || expiryUnit[l][i] >= v[l].length) {
                        throw new IllegalArgumentException("stream state: expiry of unit " + expiryUnit[l][i]
                                + " in a layer of " + v[l].length);
                    }
                }
                expiryHead[l] = 0;
                expirySize[l] = size;
            }
            if (acc[l] != null) {
                r.getFloats(acc[l]);
                int count = r.getInt();
                if (count < 0 || count > active[l].length) {
                    throw new IllegalArgumentException("stream state: " + count + " active inputs of "
                            + active[l].length);
                }
                activeCount[l] = count;
                r.getInts(active[l], count);
            }
        }
        if (inputActive != null) {
            for (int i = 0; i < inputActive.length; i++) {
                inputActive[i] = r.getBoolean();
            }
        }
        r.getFloats(rate);
        if (pooled != null) {
            r.getFloats(pooled);
            pooledFor = r.getSegment(tracker.streamId());
        }
        if (mask != null) {
            r.getFloats(mask);
            r.getFloats(activity);
            activityUs = r.getLong();
        }
    }

    /** Number of 32-bit words {@link #copyFrom} copies (for the energy counters). */
    long words() {
        long n = rate.length + (inputActive == null ? 0 : inputActive.length)
                + (mask == null ? 0 : mask.length + activity.length);
        for (int l = 0; l < v.length; l++) {
            n += 2L * v[l].length + (lastSpikeUs[l] == null ? 0 : 2L * lastSpikeUs[l].length + 3L * expirySize[l])
                    + (acc[l] == null ? 0 : acc[l].length + activeCount[l]);
        }
        return n;
    }
}
