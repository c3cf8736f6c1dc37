package io.nacastream.learner.backei;

import io.nacastream.learner.bp.FrameInput;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BackEiNetworkTest {

    private static final float EPS = 1e-6f;

    private static OpCounter counter(BackEiConfig c) {
        return OpCounter.enabled(OpCounter.layerNames(c.hiddenSizes().size()));
    }

    /** Closes a frame of {@code in} holding {@code inputs}. */
    private static void frame(FrameInput in, OpCounter counter, int... inputs) {
        in.openAt(0, 1);
        for (int i : inputs) {
            in.spike(i, counter);
        }
        in.closeFrame(counter);
    }

    private static void set(BackEiNetwork net, int tensor, float... values) {
        System.arraycopy(values, 0, net.parameter(tensor), 0, values.length);
    }

    /**
     * 2 inputs, 2 BackEI hidden units, 2 integrating outputs, 2 steps, box surrogate. Parameters ([pre][post], row-major):
     * W0 = [[1.2, 0.5], [0, 1]], b0 = 0; K_back = 0, c_back = 0 (so the gain q = σ(0) = 0.5);
     * K_ei = [[0.5, 0], [0, -0.5]], c_ei = 0 (so a = (0.5·V'0, -0.5·V'1)); W1 = [[0.6, 0.2], [0.3, 0.8]], b1 = 0.
     * Frames: step 0 input 0, step 1 inputs 0 and 1.
     */
    private static BackEiNetwork tiny(OpCounter counter, BackEiConfig c) {
        BackEiNetwork net = new BackEiNetwork(c, Spike.BOX, counter);
        set(net, 0, 1.2f, 0.5f, 0f, 1f);
        set(net, 1, 0f, 0f);
        set(net, 2, 0f, 0f, 0f, 0f);
        set(net, 3, 0f, 0f);
        set(net, 4, 0.5f, 0f, 0f, -0.5f);
        set(net, 5, 0f, 0f);
        set(net, 6, 0.6f, 0.2f, 0.3f, 0.8f);
        set(net, 7, 0f, 0f);
        return net;
    }

    @Test
    void neuronUpdateAndBpttGradientMatchTheHandComputation() {
        BackEiConfig c = new BackEiConfig(2, List.of(2), 2, 10_000, 1e-3f, 2, 1);
        OpCounter counter = counter(c);
        BackEiNetwork net = tiny(counter, c);
        NeuronState st = new NeuronState(c);
        Window h = new Window(c);
        FrameInput in = new FrameInput(2, 0);

        // Step 0. Hidden: I = W0[0] = (1.2, 0.5); q = 0.5; V' = 0.2·0 + 0.5·I = (0.6, 0.25); a = (0.3, -0.125),
        // sign (+1, -1); z = H(V' - 0.5) = (1, 0); V = V'(1 - z) = (0, 0.25); s = sign(a)·z = (1, 0).
        // Output (integrates, no firing): I = W1ᵀs = W1[0] = (0.6, 0.2); V' = V = (0.6, 0.2).
        frame(in, counter, 0);
        float[] out = net.step(in, st, h);
        assertArrayEquals(new float[] {0.6f, 0.25f}, h.vpre[0][0], EPS);
        assertArrayEquals(new float[] {0.3f, -0.125f}, h.gate[0][0], EPS);
        assertArrayEquals(new float[] {0f, 0.25f}, st.v[0], EPS);
        assertArrayEquals(new float[] {1f, 0f}, st.s[0], EPS);
        assertArrayEquals(new float[] {0.6f, 0.2f}, out, EPS);

        // Step 1. Hidden: I = W0[0] + W0[1] = (1.2, 1.5); q = 0.5 (K_back = 0); V' = 0.2·(0, 0.25) + 0.5·I
        // = (0.6, 0.8); a = (0.3, -0.4); z = (1, 1); V = 0; s = (1, -1): unit 1 fires as inhibitory.
        // Output: I = W1[0] - W1[1] = (0.3, -0.6); V' = 0.2·(0.6, 0.2) + I = (0.42, -0.56).
        frame(in, counter, 0, 1);
        out = net.step(in, st, h);
        assertArrayEquals(new float[] {0.6f, 0.8f}, h.vpre[0][1], EPS);
        assertArrayEquals(new float[] {1f, -1f}, st.s[0], EPS);
        assertArrayEquals(new float[] {0f, 0f}, st.v[0], EPS);
        assertArrayEquals(new float[] {0.42f, -0.56f}, out, EPS);

        // Loss towards class 1: mean membrane m = (0.51, -0.18); p = softmax(m) = (0.665967, 0.334033);
        // L = -ln 0.334033 = 1.096515.
        assertEquals(1.096515f, net.loss(h, 1), EPS);
        net.backward(h, 1);
        // ∂L/∂V'_t = (p - y)/T = (0.332983, -0.332983) =: δ·(1, -1) at both steps, plus 0.2·∂L/∂V'_{t+1}:
        // dI_1 = δ(1, -1), dI_0 = 1.2δ(1, -1) = (0.399580, -0.399580).
        // gW1[j] = Σ_t s_t[j]·dI_t with s_0 = (1, 0), s_1 = (1, -1): [[2.2δ, -2.2δ], [-δ, δ]]; gb1 = 2.2δ(1, -1).
        assertArrayEquals(new float[] {0.7325636f, -0.7325636f, -0.3329835f, 0.3329835f}, net.gradient(6), EPS);
        assertArrayEquals(new float[] {0.7325636f, -0.7325636f}, net.gradient(7), EPS);
        // Error to the hidden spikes, ds_t = W1·dI_t = dI_t[0]·(0.6 - 0.2, 0.3 - 0.8): ds_0 = (0.159832, -0.199790),
        // ds_1 = (0.133193, -0.166492).
        // Hidden, t = 1 (z = (1, 1), sign (1, -1), box(a) = box(V' - 0.5) = 1): dz = ds·sign = (0.133193, 0.166492);
        // da = ds·z = (0.133193, -0.166492); dV' = dz + K_ei·da = (0.133193 + 0.066597, 0.166492 + 0.083246)
        // = (0.199790, 0.249738); dI = q·dV' = (0.099895, 0.124869); du = dV'·I·q(1 - q) = (0.059937, 0.093652);
        // carried dV = 0.2·dV' = (0.039958, 0.049948).
        // t = 0 (z = (1, 0), sign (1, -1), V' = (0.6, 0.25)): dz = (0.159832, 0.199790); da = (0.159832, 0);
        // dV'0 = dV0·(1 - 1) + (0.159832 - 0.039958·0.6)·box(0.1) + 0.5·0.159832 = 0.215773;
        // dV'1 = 0.049948·1 + (0.199790 - 0.049948·0.25)·box(-0.25) + 0 = 0.237251;
        // dI = (0.107887, 0.118625); du = dV'·I·0.25 with I = (1.2, 0.5): (0.064732, 0.029656).
        // gW0[i] = Σ_t x_t[i]·dI_t, x_0 = (1, 0), x_1 = (1, 1): [[0.207782, 0.243494], [0.099895, 0.124869]].
        assertArrayEquals(new float[] {0.2077817f, 0.2434942f, 0.0998950f, 0.1248688f}, net.gradient(0), EPS);
        assertArrayEquals(new float[] {0.2077817f, 0.2434942f}, net.gradient(1), EPS);
        // gK_back[i] = Σ_t s_{t-1}[i]·du_t, s_{-1} = 0 (rest), s_0 = (1, 0): [[0.059937, 0.093652], [0, 0]];
        // gc_back = du_0 + du_1 = (0.124669, 0.123308).
        assertArrayEquals(new float[] {0.0599370f, 0.0936516f, 0f, 0f}, net.gradient(2), EPS);
        assertArrayEquals(new float[] {0.1246690f, 0.1233079f}, net.gradient(3), EPS);
        // gK_ei[k] = Σ_t V'_t[k]·da_t: 0.6·(0.159832, 0) + 0.6·(0.133193, -0.166492) = (0.175815, -0.099895),
        // 0.25·(0.159832, 0) + 0.8·(0.133193, -0.166492) = (0.146513, -0.133193); gc_ei = (0.293025, -0.166492).
        assertArrayEquals(new float[] {0.1758153f, -0.0998950f, 0.1465127f, -0.1331934f}, net.gradient(4), EPS);
        assertArrayEquals(new float[] {0.2930254f, -0.1664917f}, net.gradient(5), EPS);
    }

    @Test
    void bpttGradientMatchesFiniteDifferencesWithSmoothSpikes() {
        BackEiConfig c = new BackEiConfig(4, List.of(3, 3), 2, 10_000, 1e-3f, 3, 5);
        BackEiNetwork net = new BackEiNetwork(c, Spike.SMOOTH, counter(c));
        OpCounter off = OpCounter.disabled(OpCounter.layerNames(2));
        // One warm-up step from rest gives the window a carried state (spikes and membranes), held fixed: the
        // truncated gradient treats it as a constant, so the finite differences must too.
        NeuronState start = new NeuronState(c);
        FrameInput in = new FrameInput(c.inputs(), 0);
        frame(in, off, 0, 2);
        net.step(in, start, null);
        int[][] frames = {{1, 2, 3}, {0}, {3}};
        int cls = 1;
        windowLoss(net, c, start, frames, cls, true);
        for (int tensor = 0; tensor < 14; tensor++) {
            float[] p = net.parameter(tensor);
            for (int i = 0; i < p.length; i++) {
                float g = net.gradient(tensor)[i];
                float saved = p[i];
                double eps = 2e-3;
                p[i] = (float) (saved + eps);
                float up = windowLoss(net, c, start, frames, cls, false);
                p[i] = (float) (saved - eps);
                float down = windowLoss(net, c, start, frames, cls, false);
                p[i] = saved;
                double fd = (up - down) / (2 * eps);
                assertEquals(fd, g, 1e-4 + 0.01 * Math.abs(fd), "tensor " + tensor + " index " + i);
            }
        }
    }

    /** The loss of a window of {@code frames} from a copy of {@code start}; with backward if asked. */
    private static float windowLoss(BackEiNetwork net, BackEiConfig c, NeuronState start, int[][] frames, int cls,
                                    boolean backward) {
        NeuronState st = new NeuronState(c);
        st.copyFrom(start);
        Window h = new Window(c);
        FrameInput in = new FrameInput(c.inputs(), 0);
        OpCounter off = OpCounter.disabled(OpCounter.layerNames(2));
        for (int[] f : frames) {
            frame(in, off, f);
            net.step(in, st, h);
        }
        if (backward) {
            net.backward(h, cls);
        }
        return net.loss(h, cls);
    }

    @Test
    void operationCountsFollowTheShapes() {
        int inputs = 5;
        int hid = 4;
        int classes = 3;
        int steps = 2;
        BackEiConfig c = new BackEiConfig(inputs, List.of(hid), classes, 10_000, 1e-3f, steps, 2);
        OpCounter counter = counter(c);
        BackEiNetwork net = new BackEiNetwork(c, Spike.BOX, counter);
        NeuronState st = new NeuronState(c);
        Window h = new Window(c);
        FrameInput in = new FrameInput(inputs, 0);
        OpCounts before = counter.snapshot();
        frame(in, counter, 0, 3);
        OpCounts framed = counter.snapshot();
        net.step(in, st, h);
        OpCounts stepped = counter.snapshot().minus(framed);
        // Hidden layer, per step: K_ei·V' (H² MACs) + the gated membrane (2 per unit) + reset (1 per unit);
        // weight reads: biases of I, gain and gate (3H), 2 input rows (2H), K_ei (H²), no previous spikes yet.
        assertEquals(hid * hid + 3 * hid, stepped.layers().get(0).forward().macs());
        assertEquals(3 * hid + 2 * hid + hid * hid, stepped.layers().get(0).forward().weightReads());
        // Output layer: membrane (1 per class); reads its bias and one row per hidden spike.
        int hiddenSpikes = 0;
        for (float s : st.s[0]) {
            hiddenSpikes += s != 0 ? 1 : 0;
        }
        assertEquals(classes, stepped.layers().get(1).forward().macs());
        assertEquals(classes + (long) hiddenSpikes * classes, stepped.layers().get(1).forward().weightReads());
        frame(in, counter, 1);
        net.step(in, st, h);
        OpCounts forward = counter.snapshot();
        net.backward(h, 0);
        net.adamStep();
        OpCounts learned = counter.snapshot().minus(forward);
        assertEquals(before.learning(), forward.learning(), "stepping is forward work");
        long params0 = (long) inputs * hid + hid + 2L * (hid * hid + hid);
        long params1 = (long) hid * classes + classes;
        // Hidden layer's BPTT MACs: the elementwise backward (10 per unit and step), the errors through K_ei and
        // K_back (2H² per step), the weight-gradient products over the window (T·inputs·H for W, 2·T·H² for the
        // kernels), Adam (6 per parameter).
        assertEquals(steps * (10L * hid + 2L * hid * hid) + (long) steps * inputs * hid + 2L * steps * hid * hid
                + 6 * params0, learned.layers().get(0).learning().macs());
        // Output layer: softmax gradient (1 per class), elementwise backward (1 per unit and step), gradient product
        // and error to the hidden spikes (T·H·C each), Adam (6 per parameter) and its step size (1).
        assertEquals(classes + (long) steps * classes + 2L * steps * hid * classes + 6 * params1 + 1,
                learned.layers().get(1).learning().macs());
        assertEquals(3 * (params0 + params1), learned.learning().weightWrites(), "Adam writes w, m and v");
    }
}
