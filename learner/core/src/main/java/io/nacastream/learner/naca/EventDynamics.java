package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.rule.NacaRule;

/**
 * Event mode: every input spike updates the first layer at once, with lazy exponential decay since the layer's last
 * update (one exp per layer update, not per unit). A unit above threshold spikes, resets to 0 and sends its column
 * to the next layer immediately. "Fired in the previous step" (s_prev) means fired within the plasticity window.
 * Counted per presynaptic spike into a layer of n units (docs/learner.md, "Energy"): the decay factor (a subtract,
 * a multiply, an exp), the expiry of "fired recently" flags, n × {@link NacaRule#LEAK_AND_INTEGRATE}, the spike scan
 * and per spike its reset and bookkeeping; on the output layer the rate decay and the vote evidence; when learning,
 * the gate (n units) and the column update (n weights, written whether their gate was open or not) and, on the
 * output layer, the factor η_o·(r - y).
 */
final class EventDynamics extends Dynamics {

    /** Cost of computing a layer's decay factor exp(-(t - last)/τ). */
    private static final Ops DECAY_FACTOR = Ops.NONE.adds(1).macs(1).exps(1).compares(2).stateReads(1)
            .stateWrites(1);
    /** Cost of finding that no decay factor is needed (no time passed, or the layer's first update). */
    private static final Ops DECAY_CHECK = Ops.NONE.compares(2).stateReads(1).stateWrites(1);
    /** Cost of one unit's spike: reset, flag, spike time, expiry entry (unit and time, t + window). */
    private static final Ops FIRE = Ops.NONE.adds(1).stateWrites(5);
    /** Cost of one expiry popped from the FIFO. */
    private static final Ops EXPIRY = Ops.NONE.adds(1).compares(2).stateReads(3).stateWrites(1);
    /** Cost of the rate decay's factor (one exp). */
    private static final Ops RATE_DECAY = Ops.NONE.adds(1).macs(1).exps(1).compares(2).stateReads(1)
            .stateWrites(1);

    private final double[] invTau;
    private final long window;
    private final double invRateTau;
    private final float rateIncrement;

    EventDynamics(NacaNetwork net, OpCounter counter) {
        super(net, counter);
        invTau = new double[outputLayer + 1];
        for (int l = 0; l <= outputLayer; l++) {
            invTau[l] = 1.0 / (l == outputLayer ? config.outputTauUs() : config.hiddenTauUs());
        }
        window = config.plasticityWindowUs();
        invRateTau = 1.0 / config.rateTauUs();
        rateIncrement = (float) (1e6 / (config.fullRateHz() * config.rateTauUs()));
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
        int expired = s.expire(l, t, window);
        NacaRule.leakAndIntegrate(v, decay, net.w[l][pre]);
        if (counter.isEnabled()) {
            counter.forward(l, last == t || last == NeuronState.NEVER ? DECAY_CHECK : DECAY_FACTOR, 1);
            counter.forward(l, EXPIRY, expired);
            counter.forward(l, NacaRule.LEAK_AND_INTEGRATE, n);
        }
        boolean output = l == outputLayer;
        if (output) {
            decayRate(s, t);
            for (int k = 0; k < n; k++) {
                s.tracker.fallback(k, Math.max(0f, v[k]));
            }
            counter.forward(l, VOTE_EVIDENCE, n);
        }
        if (cls >= 0) {
            float[] g = output ? outputGain(s, cls) : hiddenGain(l, cls);
            if (g != null) {
                float[] ds = s.gate[l];
                NacaRule.gate(ds, v, s.sPrev[l], low, l == 0 ? s.mask : null);
                update(net.w[l][pre], g, ds);
                if (counter.isEnabled()) {
                    counter.learning(l, gateCost(s, l), n);
                    counter.learning(l, updateCost, n);
                }
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
        if (counter.isEnabled()) {
            counter.forward(l, scanCost(s, l), v.length);
            counter.forward(l, FIRE, m);
            counter.spikes(l, m);
        }
        if (l == top && l < outputLayer) {
            pool(s, spikes, m);
        } else if (l < outputLayer) {
            for (int i = 0; i < m; i++) {
                spikeInto(s, l + 1, spikes[i], t, cls);
            }
        } else {
            for (int i = 0; i < m; i++) {
                s.rate[spikes[i]] += rateIncrement;
                s.tracker.vote(spikes[i], 1, t);
            }
            counter.forward(l, OUTPUT_SPIKE, m);
        }
    }

    private void decayRate(NeuronState s, long t) {
        if (s.lastRateUs != NeuronState.NEVER && t > s.lastRateUs) {
            NacaRule.scale(s.rate, (float) Math.exp(-(t - s.lastRateUs) * invRateTau));
            if (counter.isEnabled()) {
                counter.forward(outputLayer, RATE_DECAY, 1);
                counter.forward(outputLayer, NacaRule.SCALE_COST, s.rate.length);
            }
        }
        s.lastRateUs = Math.max(s.lastRateUs, t);
    }
}
