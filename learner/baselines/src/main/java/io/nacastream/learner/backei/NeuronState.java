package io.nacastream.learner.backei;

import io.nacastream.learner.StateBytes;

/**
 * One stream's neuron state in the BackEISNN network: per layer (hidden layers, then the output) the membrane after
 * its reset and the signed spikes of the last step, which the next step's self-feedback gate reads. Not thread-safe.
 */
final class NeuronState {

    final float[][] v;
    final float[][] s;

    NeuronState(BackEiConfig c) {
        v = new float[c.layers()][];
        s = new float[c.layers()][];
        for (int l = 0; l < c.layers(); l++) {
            v[l] = new float[c.postSize(l)];
            s[l] = new float[c.postSize(l)];
        }
    }

    /** Makes this a copy of {@code o}; returns the words copied. */
    long copyFrom(NeuronState o) {
        long words = 0;
        for (int l = 0; l < v.length; l++) {
            System.arraycopy(o.v[l], 0, v[l], 0, v[l].length);
            System.arraycopy(o.s[l], 0, s[l], 0, s[l].length);
            words += 2L * v[l].length;
        }
        return words;
    }

    /** Writes every membrane and spike. */
    void write(StateBytes.Writer w) {
        for (int l = 0; l < v.length; l++) {
            w.putFloats(v[l]).putFloats(s[l]);
        }
    }

    /** Reads what {@link #write} wrote. */
    void read(StateBytes.Reader r) {
        for (int l = 0; l < v.length; l++) {
            r.getFloats(v[l]);
            r.getFloats(s[l]);
        }
    }
}
