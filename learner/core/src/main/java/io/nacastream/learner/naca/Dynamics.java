package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.rule.NacaRule;

/** How a NACA network's state advances with input spikes: per event, or in ticks. Shared parts live here. */
abstract class Dynamics {

    final NacaNetwork net;
    final NacaConfig config;
    final OpCounter counter;
    final int outputLayer;
    final float threshold;
    final float low;
    /** Upper edge of the rectangle surrogate of DRTP and DFA: threshold + lens. */
    final float high;
    final float weightBound;
    /** The last layer run: the output layer, or with the RIDGE readout the last hidden layer (its spikes pooled). */
    final int top;

    Dynamics(NacaNetwork net, OpCounter counter) {
        this.net = net;
        this.config = net.config;
        this.counter = counter;
        this.outputLayer = config.hiddenLayers();
        this.threshold = config.threshold();
        this.low = config.threshold() - config.lens();
        this.high = config.threshold() + config.lens();
        this.weightBound = config.weightBound();
        this.updateCost = weightBound != 0f ? NacaRule.UPDATE_BOUNDED : NacaRule.UPDATE;
        this.top = config.ridgeReadout() ? outputLayer - 1 : outputLayer;
    }

    /** Cost of one last-hidden spike counted into the segment's pooled counts (RIDGE readout). */
    static final Ops POOL = Ops.NONE.adds(1).stateReads(1).stateWrites(1);

    /** Counts the {@code m} spikes in {@code spikes} of the top hidden layer into the pooled counts (RIDGE). */
    final void pool(NeuronState s, int[] spikes, int m) {
        float[] pooled = s.pooled;
        for (int i = 0; i < m; i++) {
            pooled[spikes[i]] += 1f;
        }
        counter.forward(top, POOL, m);
    }

    /** Cost per unit of the output votes and fallback evidence: a compare and two adds, reads and writes. */
    static final Ops VOTE_EVIDENCE = Ops.NONE.adds(1).compares(1).stateReads(2).stateWrites(1);
    /** Cost of one output spike's vote and rate increment. */
    static final Ops OUTPUT_SPIKE = Ops.NONE.adds(2).stateReads(2).stateWrites(2);
    /** Cost per unit of the output rule's factor η_o·(r_k - y_k). */
    static final Ops OUTPUT_GAIN = Ops.NONE.adds(1).macs(1).stateReads(1).stateWrites(1);

    /** The cost per weight of {@link #update}. */
    final Ops updateCost;

    /** The plasticity update of one presynaptic column, within the configured weight bound if any. */
    final void update(float[] w, float[] g, float[] ds) {
        if (weightBound != 0f) {
            NacaRule.updateBounded(w, g, ds, weightBound);
        } else {
            NacaRule.update(w, g, ds);
        }
    }

    /**
     * The plasticity gate of layer {@code l} into {@code ds}: NACA's spike-timing change Δs, or for the hidden layers
     * of DRTP and DFA the rectangle surrogate around the threshold.
     */
    final void gate(float[] ds, int l, float[] v, float[] sPrev, float[] mask) {
        if (surrogate(l)) {
            NacaRule.window(ds, v, low, high, mask);
        } else {
            NacaRule.gate(ds, v, sPrev, low, mask);
        }
    }

    /** True when layer {@code l} is gated by the rectangle surrogate (a hidden layer of DRTP or DFA). */
    private boolean surrogate(int l) {
        return l != outputLayer && config.hiddenRule() != NacaConfig.HiddenRule.NACA;
    }

    /** The cost per unit of {@link #gate} on layer {@code l} of {@code s}. */
    final Ops gateCost(NeuronState s, int l) {
        boolean masked = l == 0 && s.mask != null;
        if (surrogate(l)) {
            return masked ? NacaRule.WINDOW_MASKED : NacaRule.WINDOW;
        }
        return masked ? NacaRule.GATE_MASKED : NacaRule.GATE;
    }

    /** The cost per unit of a spike scan ({@code v > thr}, and the mask) on layer {@code l} of {@code s}. */
    static Ops scanCost(NeuronState s, int l) {
        return l == 0 && s.mask != null ? SCAN_MASKED : SCAN;
    }

    private static final Ops SCAN = Ops.NONE.compares(1).stateReads(1);
    private static final Ops SCAN_MASKED = Ops.NONE.compares(2).stateReads(2);

    /** Called before the spike at {@code t} is routed, before the label in force at t is looked up. */
    abstract void beforeEvent(NeuronState s, long t);

    /** Routes one input spike, learning for class {@code cls} (-1: no learning). */
    abstract void onEvent(NeuronState s, int input, long t, int cls);

    /** The stream has advanced to {@code endUs} (end of a packet) without further spikes. */
    abstract void reached(NeuronState s, long endUs);

    /** The stream ended: complete any pending step. */
    abstract void finish(NeuronState s);

    /** The output rate estimate at {@code t}, in [0, 1] per class; the returned array must not be modified. */
    abstract float[] rates(NeuronState s, long t);

    /** The output delta rule's per-unit factor η_o·(r_k - y_k) for class {@code cls}, or null when η_o is 0. */
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
        counter.learning(outputLayer, OUTPUT_GAIN, g.length);
        return g;
    }

    /** Cost per class of DFA's output error r - y*: a subtract, the rate read, the error written. */
    static final Ops OUTPUT_ERROR = Ops.NONE.adds(1).stateReads(1).stateWrites(1);

    /**
     * The hidden rule's per-unit factor of hidden layer {@code l} for class {@code cls} at {@code t}, or null when
     * η_h is 0: η_h·f(nl_j(cls)) (NACA), η_h·B[cls][j] (DRTP), or η_h·Σ_q B[q][j]·(r_q - y*_q) with the output
     * rates at t (DFA).
     */
    final float[] hiddenGain(NeuronState s, int l, int cls, long t) {
        if (config.etaHidden() == 0f) {
            return null;
        }
        if (config.hiddenRule() != NacaConfig.HiddenRule.DFA) {
            return net.gain[l][cls];
        }
        float[] r = rates(s, t);
        float[] e = s.outputError;
        for (int q = 0; q < e.length; q++) {
            e[q] = r[q] - (q == cls ? 1f : 0f);
        }
        float[] g = s.errorGain[l];
        NacaRule.projectError(g, net.modulation[l], e, config.etaHidden());
        if (counter.isEnabled()) {
            counter.learning(l, OUTPUT_ERROR, e.length);
            counter.learning(l, NacaRule.PROJECT_ERROR, (long) e.length * g.length);
        }
        return g;
    }
}
