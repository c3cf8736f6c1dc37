package io.nacastream.learner.backei;

/**
 * The activation history of one truncated-BPTT window: per step, the active inputs and, per layer, what the backward
 * pass reads (input current and membrane before reset; for hidden layers also gain, E/I gate value, spike and signed
 * spike), plus each hidden layer's spikes before the window (the carried, detached state). Sized for
 * {@code truncationSteps}; reused.
 */
final class Window {

    final int capacity;
    final int[][] inputs;
    final int[] inputCount;
    /** [layer][step][unit]. */
    final float[][][] current;
    final float[][][] gain;
    final float[][][] vpre;
    final float[][][] gate;
    final float[][][] z;
    final float[][][] s;
    /** [layer][unit]: signed spikes at the window's start. */
    final float[][] sStart;
    int size;

    Window(BackEiConfig c) {
        capacity = c.truncationSteps();
        int layers = c.layers();
        inputs = new int[capacity][c.inputs()];
        inputCount = new int[capacity];
        current = new float[layers][capacity][];
        gain = new float[layers][capacity][];
        vpre = new float[layers][capacity][];
        gate = new float[layers][capacity][];
        z = new float[layers][capacity][];
        s = new float[layers][capacity][];
        sStart = new float[layers][];
        int hidden = c.hiddenSizes().size();
        for (int l = 0; l < layers; l++) {
            int n = c.postSize(l);
            for (int t = 0; t < capacity; t++) {
                current[l][t] = new float[n];
                vpre[l][t] = new float[n];
                if (l < hidden) {
                    gain[l][t] = new float[n];
                    gate[l][t] = new float[n];
                    z[l][t] = new float[n];
                    s[l][t] = new float[n];
                }
            }
            if (l < hidden) {
                sStart[l] = new float[n];
            }
        }
    }

    /** True when no more steps fit. */
    boolean full() {
        return size == capacity;
    }
}
