package io.nacastream.learner.backei;

import io.nacastream.learner.StateBytes;
import io.nacastream.learner.health.NetworkHealth;

/**
 * One stream's neuron state in the BackEISNN network: per layer (hidden layers, then the output) the membrane after
 * its reset and, per hidden layer, the signed spikes of the last step, which the next step's self-feedback gate and
 * the layer above read. Not thread-safe.
 */
final class NeuronState {

    final float[][] v;
    final float[][] s;

    NeuronState(BackEiConfig c) {
        v = new float[c.layers()][];
        s = new float[c.hiddenSizes().size()][];
        for (int l = 0; l < c.layers(); l++) {
            v[l] = new float[c.postSize(l)];
        }
        for (int l = 0; l < s.length; l++) {
            s[l] = new float[c.postSize(l)];
        }
    }

    /** Membrane potentials and spike values that are NaN or infinite. */
    long nonFinite() {
        long bad = 0;
        for (float[] layer : v) {
            bad += NetworkHealth.nonFinite(layer);
        }
        for (float[] layer : s) {
            bad += NetworkHealth.nonFinite(layer);
        }
        return bad;
    }

    /** Makes this a copy of {@code o}; returns the words copied. */
    long copyFrom(NeuronState o) {
        long words = 0;
        for (int l = 0; l < v.length; l++) {
            System.arraycopy(o.v[l], 0, v[l], 0, v[l].length);
            words += v[l].length;
        }
        for (int l = 0; l < s.length; l++) {
            System.arraycopy(o.s[l], 0, s[l], 0, s[l].length);
            words += s[l].length;
        }
        return words;
    }

    /** Writes every membrane and spike. */
    void write(StateBytes.Writer w) {
        for (float[] a : v) {
            w.putFloats(a);
        }
        for (float[] a : s) {
            w.putFloats(a);
        }
    }

    /** Reads what {@link #write} wrote. */
    void read(StateBytes.Reader r) {
        for (float[] a : v) {
            r.getFloats(a);
        }
        for (float[] a : s) {
            r.getFloats(a);
        }
    }
}
