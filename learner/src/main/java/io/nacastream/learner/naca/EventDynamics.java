package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.rule.NacaRule;

/**
 * Event mode: every input spike updates the first layer at once, with lazy exponential decay since the layer's last
 * update (one exp per layer update, not per unit). A unit above threshold spikes, resets to 0 and sends its column
 * to the next layer immediately. "Fired in the previous step" (s_prev) means fired within the plasticity window.
 * Per presynaptic spike into layer l (n = its units), counted:
 * forward n MACs (V·decay + w; n ACs when no time passed) and n weight reads;
 * learning n weight reads, one AC per changed weight, plus n MACs for the output rule's factor (the gate vector is
 * computed once per update and is not counted as synaptic work).
 */
final class EventDynamics extends Dynamics {

    private final double[] invTau;
    private final long window;
    private final double invRateTau;
    private final float rateIncrement;
    /** Open gates per unit since the last flush, per layer (null when counting is off). */
    private final float[][] openGates;
    /** Updates tallied since the last flush, per layer. */
    private final int[] tallied;
    /** Flush before a unit's tally could pass 2^24, where float stops counting exactly. */
    private static final int FLUSH_EVERY = 1 << 22;

    EventDynamics(NacaNetwork net, OpCounter counter) {
        super(net, counter);
        invTau = new double[outputLayer + 1];
        for (int l = 0; l <= outputLayer; l++) {
            invTau[l] = 1.0 / (l == outputLayer ? config.outputTauUs() : config.hiddenTauUs());
        }
        window = config.plasticityWindowUs();
        invRateTau = 1.0 / config.rateTauUs();
        rateIncrement = (float) (1e6 / (config.fullRateHz() * config.rateTauUs()));
        tallied = new int[outputLayer + 1];
        if (counter.isEnabled()) {
            openGates = new float[outputLayer + 1][];
            for (int l = 0; l <= outputLayer; l++) {
                openGates[l] = new float[net.w[l][0].length];
            }
        } else {
            openGates = null;
        }
    }

    @Override
    void flushCounts() {
        if (openGates != null) {
            for (int l = 0; l <= outputLayer; l++) {
                flush(l);
            }
        }
    }

    @Override
    void discardPendingCounts() {
        if (openGates != null) {
            for (int l = 0; l <= outputLayer; l++) {
                java.util.Arrays.fill(openGates[l], 0f);
                tallied[l] = 0;
            }
        }
    }

    /** Moves layer l's open-gate tally (ACs and weight updates, one each per open gate) into the counter. */
    private void flush(int l) {
        float[] tally = openGates[l];
        long changed = 0;
        for (int k = 0; k < tally.length; k++) {
            changed += (long) tally[k];
            tally[k] = 0f;
        }
        tallied[l] = 0;
        counter.learning(l, changed, 0, 0, changed);
    }

    @Override
    void beforeEvent(NeuronState s, long t) {
    }

    @Override
    void onEvent(NeuronState s, int input, long t, int cls) {
        spikeInto(s, 0, input, t, cls);
    }

    @Override
    void reached(NeuronState s, long endUs) {
    }

    @Override
    void finish(NeuronState s) {
    }

    @Override
    float[] rates(NeuronState s, long t) {
        decayRate(s, t);
        return s.rate;
    }

    private void spikeInto(NeuronState s, int l, int pre, long t, int cls) {
        float[] v = s.v[l];
        int n = v.length;
        long last = s.lastUpdateUs[l];
        float decay = last == t ? 1f : last == NeuronState.NEVER ? 0f : (float) Math.exp(-(t - last) * invTau[l]);
        s.lastUpdateUs[l] = t;
        s.expire(l, t, window);
        NacaRule.leakAndIntegrate(v, decay, net.w[l][pre]);
        counter.forward(l, decay == 1f ? n : 0, decay == 1f ? 0 : n, n);
        boolean output = l == outputLayer;
        if (output) {
            decayRate(s, t);
            for (int k = 0; k < n; k++) {
                s.tracker.fallback(k, Math.max(0f, v[k]));
            }
        }
        if (cls >= 0) {
            float[] g = output ? outputGain(s, cls) : hiddenGain(l, cls);
            if (g != null) {
                float[] ds = s.gate[l];
                if (openGates == null) {
                    NacaRule.gate(ds, v, s.sPrev[l], low, l == 0 ? s.mask : null);
                } else {
                    NacaRule.gateTally(ds, v, s.sPrev[l], low, l == 0 ? s.mask : null, openGates[l]);
                    counter.learning(l, 0, output ? n : 0, n, 0); // open gates: from the tally, at flush
                    if (++tallied[l] == FLUSH_EVERY) {
                        flush(l);
                    }
                }
                update(net.w[l][pre], g, ds);
            }
        }
        fire(s, l, t, cls);
    }

    private void fire(NeuronState s, int l, long t, int cls) {
        float[] v = s.v[l];
        float[] mask = l == 0 ? s.mask : null;
        int[] spikes = s.spikeBuffer[l];
        int m = 0;
        for (int k = 0; k < v.length; k++) {
            if (v[k] > threshold && (mask == null || mask[k] != 0f)) {
                v[k] = 0f;
                s.fired(l, k, t, window);
                spikes[m++] = k;
            }
        }
        counter.spikes(l, m);
        if (l < outputLayer) {
            for (int i = 0; i < m; i++) {
                spikeInto(s, l + 1, spikes[i], t, cls);
            }
        } else {
            for (int i = 0; i < m; i++) {
                s.rate[spikes[i]] += rateIncrement;
                s.tracker.vote(spikes[i], 1, t);
            }
        }
    }

    private void decayRate(NeuronState s, long t) {
        if (s.lastRateUs != NeuronState.NEVER && t > s.lastRateUs) {
            NacaRule.scale(s.rate, (float) Math.exp(-(t - s.lastRateUs) * invRateTau));
        }
        s.lastRateUs = Math.max(s.lastRateUs, t);
    }
}
