package io.nacastream.learner.naca;

import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.rule.NacaRule;

import java.util.Arrays;

/**
 * Tick mode: the reference code's exact discrete update (naca.md §1.3, §4.3). Spikes are binned into ticks of
 * {@code tickUs} of stream time, each input counted at most once per tick (its column is added to an accumulator on
 * its first spike). When the tick closes, layer by layer:
 * <pre>
 *   V = decay·V·(1 - s_prev) + acc;   s = [V &gt; thr];   Δs = [V &gt; thr - lens] - s_prev
 *   W[i][j] -= g_j·Δs_j for every presynaptic unit i active in the tick   (g: η_h·Mod[c] or η_o·(r - y))
 *   the spiking units' columns form the next layer's accumulator
 * </pre>
 * The output rate is r ← (1 - α)·r + α·s per tick with α = tickUs / rateTauUs (the reference's count/T over a
 * sliding window). Ticks without input are skipped in closed form: V ← decay^k·V·(1 - s), s ← 0, which is exact
 * because a unit without input cannot reach threshold again; this holds across packets too (a tick closed at a
 * packet's end is followed by the closed-form decay of the empty ticks before the next spike's tick). Counted
 * (docs/learner.md, "Energy"): per input spike the once-per-tick check, per first spike of an input in a tick its
 * column ({@link NacaRule#ACCUMULATE}); per tick and layer of n units {@link NacaRule#TICK}, the spike scan, the
 * accumulator clear, the spiking units' columns into the next layer, on the output layer the rate and the vote
 * evidence; when learning the gate (n units) and the update of every active presynaptic column (n weights each,
 * written whether their gate was open or not); per skipped stretch two powers and a scale of every unit.
 */
final class TickDynamics extends Dynamics {

    /** Cost per input spike of the once-per-tick check. */
    private static final Ops INPUT_CHECK = Ops.NONE.compares(1).stateReads(1);
    /** Cost of marking an input (or unit) active in the tick: flag and list entry written. */
    private static final Ops MARK_ACTIVE = Ops.NONE.adds(1).stateWrites(2);
    /** Cost per unit of the output rate update r = (1 - α)r + α·[v &gt; thr]. */
    private static final Ops RATE = Ops.NONE.compares(1).macs(1).adds(1).stateReads(2).stateWrites(1);
    /** Cost per unit of writing s and clearing acc and the active flag after the scan. */
    private static final Ops CLEAR = Ops.NONE.stateWrites(2);
    /** Cost per unit of skipping empty ticks: V ← f·V·(1 - s), s ← 0. */
    private static final Ops SKIP = Ops.NONE.adds(1).macs(2).stateReads(2).stateWrites(2);
    /** Cost of the two powers of a skipped stretch (membrane and rate). */
    private static final Ops SKIP_FACTORS = Ops.NONE.exps(2).adds(2).compares(2);

    private final long tickUs;
    private final float decay;
    private final float alpha;

    TickDynamics(NacaNetwork net, OpCounter counter) {
        super(net, counter);
        tickUs = config.tickUs();
        decay = config.decayPerTick();
        alpha = (float) Math.min(1.0, (double) tickUs / config.rateTauUs());
    }

    @Override
    void beforeEvent(NeuronState s, long t) {
        counter.forward(0, INPUT_CHECK, 1);
        if (s.tickStartUs != NeuronState.NEVER && t >= s.tickStartUs + tickUs) {
            closeTick(s);
        }
        if (s.tickStartUs == NeuronState.NEVER && s.closedTickEndUs != NeuronState.NEVER) {
            long skipped = (Math.floorDiv(t, tickUs) * tickUs - s.closedTickEndUs) / tickUs;
            s.closedTickEndUs = NeuronState.NEVER;
            if (skipped > 0) {
                skipEmptyTicks(s, skipped);
            }
        }
    }

    @Override
    void onEvent(NeuronState s, int input, long t, int cls) {
        if (s.tickStartUs == NeuronState.NEVER) {
            s.tickStartUs = Math.floorDiv(t, tickUs) * tickUs;
            s.tickClass = cls;
        }
        if (!s.inputActive[input]) {
            s.inputActive[input] = true;
            s.active[0][s.activeCount[0]++] = input;
            NacaRule.accumulate(s.acc[0], net.w[0][input]);
            if (counter.isEnabled()) {
                counter.forward(0, MARK_ACTIVE, 1);
                counter.forward(0, NacaRule.ACCUMULATE, s.acc[0].length);
            }
        }
    }

    @Override
    void reached(NeuronState s, long endUs) {
        if (s.tickStartUs != NeuronState.NEVER && endUs >= s.tickStartUs + tickUs) {
            closeTick(s);
        }
    }

    @Override
    void finish(NeuronState s) {
        if (s.tickStartUs != NeuronState.NEVER) {
            closeTick(s);
        }
    }

    @Override
    float[] rates(NeuronState s, long t) {
        return s.rate;
    }

    private void closeTick(NeuronState s) {
        int cls = s.tickClass;
        long end = s.tickStartUs + tickUs;
        for (int l = 0; l <= top; l++) {
            float[] v = s.v[l];
            float[] sp = s.sPrev[l];
            int n = v.length;
            boolean output = l == outputLayer;
            NacaRule.tick(v, sp, s.acc[l], decay);
            counter.forward(l, NacaRule.TICK, n);
            if (output) {
                for (int k = 0; k < n; k++) {
                    s.rate[k] = (1f - alpha) * s.rate[k] + (v[k] > threshold ? alpha : 0f);
                }
                counter.forward(l, RATE, n);
            }
            int presynaptic = s.activeCount[l];
            float[] mask = l == 0 ? s.mask : null;
            if (cls >= 0 && presynaptic > 0) {
                float[] g = output ? outputGain(s, cls) : hiddenGain(s, l, cls, s.tickStartUs);
                if (g != null) {
                    float[] ds = s.gate[l];
                    gate(ds, l, v, sp, mask);
                    int[] pre = s.active[l];
                    for (int a = 0; a < presynaptic; a++) {
                        update(net.w[l][pre[a]], g, ds);
                    }
                    if (counter.isEnabled()) {
                        counter.learning(l, gateCost(s, l), n);
                        counter.learning(l, updateCost, (long) n * presynaptic);
                    }
                }
            }
            int[] spikes = s.spikeBuffer[l];
            int m = 0;
            for (int k = 0; k < n; k++) {
                boolean fires = v[k] > threshold && (mask == null || mask[k] != 0f);
                sp[k] = fires ? 1f : 0f;
                if (fires) {
                    spikes[m++] = k;
                }
            }
            if (counter.isEnabled()) {
                counter.forward(l, scanCost(s, l), n);
                counter.forward(l, CLEAR, n);
                counter.forward(l, MARK_ACTIVE, presynaptic);   // clearing the active flags
                counter.spikes(l, m);
            }
            if (output) {
                for (int i = 0; i < m; i++) {
                    s.tracker.vote(spikes[i], 1, end);
                }
                for (int k = 0; k < n; k++) {
                    s.tracker.fallback(k, Math.max(0f, v[k]));
                }
                counter.forward(l, OUTPUT_SPIKE, m);
                counter.forward(l, VOTE_EVIDENCE, n);
            } else if (l == top) {
                pool(s, spikes, m);
            } else {
                float[] next = s.acc[l + 1];
                for (int i = 0; i < m; i++) {
                    NacaRule.accumulate(next, net.w[l + 1][spikes[i]]);
                    s.active[l + 1][i] = spikes[i];
                }
                s.activeCount[l + 1] = m;
                if (counter.isEnabled()) {
                    counter.forward(l + 1, MARK_ACTIVE, m);
                    counter.forward(l + 1, NacaRule.ACCUMULATE, (long) m * next.length);
                }
            }
            Arrays.fill(s.acc[l], 0f);
            if (l == 0) {
                for (int a = 0; a < presynaptic; a++) {
                    s.inputActive[s.active[0][a]] = false;
                }
            }
            s.activeCount[l] = 0;
        }
        s.tickStartUs = NeuronState.NEVER;
        s.closedTickEndUs = end;
    }

    private void skipEmptyTicks(NeuronState s, long ticks) {
        float f = (float) Math.pow(decay, Math.min(ticks, 1000));
        for (int l = 0; l <= top; l++) {
            float[] v = s.v[l];
            float[] sp = s.sPrev[l];
            for (int k = 0; k < v.length; k++) {
                v[k] = f * v[k] * (1f - sp[k]);
                sp[k] = 0f;
            }
            counter.forward(l, SKIP, v.length);
        }
        if (top < outputLayer) {
            return;
        }
        NacaRule.scale(s.rate, (float) Math.pow(1f - alpha, Math.min(ticks, 100_000)));
        if (counter.isEnabled()) {
            counter.forward(outputLayer, SKIP_FACTORS, 1);
            counter.forward(outputLayer, NacaRule.SCALE_COST, s.rate.length);
        }
    }
}
