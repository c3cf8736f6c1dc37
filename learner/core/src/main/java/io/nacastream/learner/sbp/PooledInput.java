package io.nacastream.learner.sbp;

import io.nacastream.learner.StateBytes;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.rule.NacaRule;

import java.util.Arrays;

/**
 * One stream's input as the SBP network sees it, integrated spike by spike since the segment began: the count c_i of
 * each input, the inputs touched, the largest count and the first hidden layer's drive a_k = Σ_spikes w[i][k]
 * (one add per hidden unit per spike, the fan-out). The input vector is x_i = c_i / max c (a frame in [0, 1], as the
 * reference's frames), so the first layer's bottom-up input is a·(1 / max c) without a pass over the inputs.
 */
final class PooledInput {

    /** Cost of counting one spike: the count read, incremented and written, the first-touch test, the max. */
    static final Ops COUNT = Ops.NONE.adds(1).compares(2).stateReads(2).stateWrites(2);
    /** Cost of an input's first spike in a segment (added to the touched list). */
    static final Ops TOUCH = Ops.NONE.adds(1).stateWrites(1);
    /** Cost per touched input of clearing its count. */
    static final Ops CLEAR = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per hidden unit of clearing the drive. */
    static final Ops CLEAR_DRIVE = Ops.NONE.stateWrites(1);

    final float[] counts;
    final int[] touched;
    final float[] drive;
    int touchedCount;
    float max;

    /** Empty pooling for {@code inputs} inputs and a first hidden layer of {@code hidden} units. */
    PooledInput(int inputs, int hidden) {
        counts = new float[inputs];
        touched = new int[inputs];
        drive = new float[hidden];
    }

    /** Adds one spike of {@code input} whose outgoing weights are {@code column}; true on its first spike. */
    boolean add(int input, float[] column) {
        boolean first = counts[input] == 0f;
        if (first) {
            touched[touchedCount++] = input;
        }
        float c = counts[input] + 1f;
        counts[input] = c;
        max = Math.max(max, c);
        NacaRule.accumulate(drive, column);
        return first;
    }

    /** 1 / max c, or 0 before the first spike (no input: no drive). */
    float inverseMax() {
        return max > 0f ? 1f / max : 0f;
    }

    /** Forgets the pooled spikes (a new segment starts). */
    void clear() {
        for (int i = 0; i < touchedCount; i++) {
            counts[touched[i]] = 0f;
        }
        touchedCount = 0;
        max = 0f;
        Arrays.fill(drive, 0f);
    }

    /** Writes the pooled state: touched inputs and their counts, the max and the drive. */
    void write(StateBytes.Writer w) {
        w.putInt(touchedCount).putInts(touched, touchedCount);
        for (int i = 0; i < touchedCount; i++) {
            w.putInt(Float.floatToRawIntBits(counts[touched[i]]));
        }
        w.putInt(Float.floatToRawIntBits(max)).putFloats(drive);
    }

    /** Reads what {@link #write} wrote into this (empty) pooling. */
    void read(StateBytes.Reader r) {
        int n = r.getInt();
        if (n < 0 || n > touched.length) {
            throw new IllegalArgumentException("stream state: " + n + " touched inputs of " + touched.length);
        }
        r.getInts(touched, n);
        touchedCount = n;
        for (int i = 0; i < n; i++) {
            counts[touched[i]] = Float.intBitsToFloat(r.getInt());
        }
        max = Float.intBitsToFloat(r.getInt());
        r.getFloats(drive);
    }
}
