package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.kernel.MembraneKernel;
import io.nacastream.learner.rule.NacaRule;

/**
 * Event mode: every input spike updates the first layer at once, with lazy exponential decay since the layer's last
 * update (one decay factor per layer update, not per unit; read from a table for the first {@link #DECAY_TABLE} µs).
 * The column add and the threshold test are one pass of the {@link MembraneKernel}; the units found above threshold
 * spike after the layer's learning step, reset to 0 and send their columns to the next layer immediately. "Fired in
 * the previous step" (s_prev) means fired within the plasticity window.
 * Counted per presynaptic spike into a layer of n units (docs/learner.md, "Energy"): the decay factor (a table
 * read, or a subtract, a multiply and an exp), the expiry of "fired recently" flags,
 * n × {@link NacaRule#LEAK_AND_INTEGRATE}, n threshold compares and per spike its reset and bookkeeping; on the
 * output layer the rate decay and the vote evidence; when learning, the gate (n units) and the column update (n
 * weights, written whether their gate was open or not) and, on the output layer, the factor η_o·(r - y).
 */
final class EventDynamics extends Dynamics {

    /** Cost of computing a layer's decay factor exp(-(t - last)/τ). */
    private static final Ops DECAY_FACTOR = Ops.NONE.adds(1).macs(1).exps(1).compares(2).stateReads(1)
            .stateWrites(1);
    /** Cost of reading the decay factor from the table (Δt below {@link #DECAY_TABLE} µs). */
    private static final Ops DECAY_LOOKUP = Ops.NONE.adds(1).compares(4).stateReads(2).stateWrites(1);
    /** Cost per unit of the threshold test on the membrane the column add just computed (no second read). */
    private static final Ops DETECT = Ops.NONE.compares(1);
    /** {@link #DETECT} with the plasticity mask: one more compare and the mask read. */
    private static final Ops DETECT_MASKED = Ops.NONE.compares(2).stateReads(1);
    /** Cost of finding that no decay factor is needed (no time passed, or the layer's first update). */
    private static final Ops DECAY_CHECK = Ops.NONE.compares(2).stateReads(1).stateWrites(1);
    /** Cost of one unit's spike: reset, flag, spike time, expiry entry (unit and time, t + window). */
    private static final Ops FIRE = Ops.NONE.adds(1).stateWrites(5);
    /** Cost of one expiry popped from the FIFO. */
    private static final Ops EXPIRY = Ops.NONE.adds(1).compares(2).stateReads(3).stateWrites(1);
    /** Cost of the rate decay's factor (one exp). */
    private static final Ops RATE_DECAY = Ops.NONE.adds(1).macs(1).exps(1).compares(2).stateReads(1)
            .stateWrites(1);

    /** Decay factors exp(-Δt/τ) for Δt below this many µs come from a table, computed once as they would be. */
    static final int DECAY_TABLE = 4096;

    private final double[] invTau;
    private final float[][] decayTable;
    private final MembraneKernel kernel;
    private final long window;
    private final double invRateTau;
    private final float rateIncrement;

    EventDynamics(NacaNetwork net, OpCounter counter, MembraneKernel kernel) {
        super(net, counter);
        this.kernel = kernel;
        invTau = new double[outputLayer + 1];
        decayTable = new float[outputLayer + 1][DECAY_TABLE];
        for (int l = 0; l <= outputLayer; l++) {
            invTau[l] = 1.0 / (l == outputLayer ? config.outputTauUs() : config.hiddenTauUs());
            for (int dt = 0; dt < DECAY_TABLE; dt++) {
                decayTable[l][dt] = factor(dt, invTau[l]);
            }
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

    /** The membrane decay factor after {@code dt} µs, exp(-dt/τ), as a float. */
    private static float factor(long dt, double invTau) {
        return (float) Math.exp(-dt * invTau);
    }

    private void spikeInto(NeuronState s, int l, int pre, long t, int cls) {
        float[] v = s.v[l];
        int n = v.length;
        long last = s.lastUpdateUs[l];
        long dt = t - last;
        boolean none = last == t || last == NeuronState.NEVER;
        boolean tabled = dt > 0 && dt < DECAY_TABLE;
        float decay = last == t ? 1f : last == NeuronState.NEVER ? 0f
                : tabled ? decayTable[l][(int) dt] : factor(dt, invTau[l]);
        s.lastUpdateUs[l] = t;
        int expired = s.expire(l, t, window);
        int[] spikes = s.spikeBuffer[l];
        int m = kernel.integrateAndDetect(v, decay, net.w[l][pre], threshold, l == 0 ? s.mask : null, spikes);
        if (counter.isEnabled()) {
            counter.forward(l, none ? DECAY_CHECK : tabled ? DECAY_LOOKUP : DECAY_FACTOR, 1);
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
            float[] g = output ? outputGain(s, cls) : hiddenGain(s, l, cls, t);
            if (g != null) {
                float[] ds = s.gate[l];
                gate(ds, l, v, s.sPrev[l], l == 0 ? s.mask : null);
                update(net.w[l][pre], g, ds);
                if (counter.isEnabled()) {
                    counter.learning(l, gateCost(s, l), n);
                    counter.learning(l, updateCost, n);
                }
            }
        }
        fire(s, l, t, cls, spikes, m);
    }

    /** The {@code m} units in {@code spikes} of layer {@code l}, found above threshold, spike at {@code t}. */
    private void fire(NeuronState s, int l, long t, int cls, int[] spikes, int m) {
        float[] v = s.v[l];
        for (int i = 0; i < m; i++) {
            int k = spikes[i];
            v[k] = 0f;
            s.fired(l, k, t, window);
        }
        if (counter.isEnabled()) {
            counter.forward(l, l == 0 && s.mask != null ? DETECT_MASKED : DETECT, v.length);
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
