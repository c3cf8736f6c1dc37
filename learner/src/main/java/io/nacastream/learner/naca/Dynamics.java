package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.rule.NacaRule;

/** How a NACA network's state advances with input spikes: per event, or in ticks. Shared parts live here. */
abstract class Dynamics {

    final NacaNetwork net;
    final NacaConfig config;
    final OpCounter counter;
    final int outputLayer;
    final float threshold;
    final float low;
    final float weightBound;

    Dynamics(NacaNetwork net, OpCounter counter) {
        this.net = net;
        this.config = net.config;
        this.counter = counter;
        this.outputLayer = config.hiddenLayers();
        this.threshold = config.threshold();
        this.low = config.threshold() - config.lens();
        this.weightBound = config.weightBound();
    }

    /** The plasticity update of one presynaptic column, within the configured weight bound if any. */
    final void update(float[] w, float[] g, float[] ds) {
        if (weightBound != 0f) {
            NacaRule.updateBounded(w, g, ds, weightBound);
        } else {
            NacaRule.update(w, g, ds);
        }
    }

    /** Called before the spike at {@code t} is routed, before the label in force at t is looked up. */
    abstract void beforeEvent(NeuronState s, long t);

    /** Routes one input spike, learning for class {@code cls} (-1: no learning). */
    abstract void onEvent(NeuronState s, int input, long t, int cls);

    /** The stream has advanced to {@code endUs} (end of a packet) without further spikes. */
    abstract void reached(NeuronState s, long endUs);

    /** The stream ended: complete any pending step. */
    abstract void finish(NeuronState s);

    /** Adds counts kept back for speed to the counter; called before the counter is read. */
    void flushCounts() {
    }

    /** Drops counts kept back (the counter is being replaced). */
    void discardPendingCounts() {
    }

    /** The output rate estimate at {@code t}, in [0, 1] per class; the returned array must not be modified. */
    abstract float[] rates(NeuronState s, long t);

    /**
     * The output delta rule's per-unit factor η_o·(r_k - y_k) for class {@code cls}, or null when η_o is 0. Costs one
     * MAC per output unit, counted by the caller.
     */
    final float[] outputGain(NeuronState s, int cls) {
        float eta = config.etaOutput();
        if (eta == 0f) {
            return null;
        }
        float[] g = s.outputGain;
        float[] r = s.rate;
        for (int k = 0; k < g.length; k++) {
            g[k] = eta * (r[k] - (k == cls ? 1f : 0f));
        }
        return g;
    }

    /** The hidden rule's per-unit factor η_h·f(nl_j(cls)) of hidden layer {@code l}, or null when η_h is 0. */
    final float[] hiddenGain(int l, int cls) {
        return config.etaHidden() == 0f ? null : net.gain[l][cls];
    }
}
