package io.nacastream.learner.sbp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.Recorder;
import io.nacastream.learner.SegmentResult;
import io.nacastream.learner.energy.Ops;
import io.nacastream.learner.health.NetworkHealth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SBP learner against values computed by hand on a tiny network, its operation counts against its loops, a
 * separable stream, strict test-then-train and checkpoints.
 */
class SbpLearnerTest {

    /**
     * 3 inputs, 2 hidden, 2 classes; α = 0.1 (output 0.05), ε = β = 0.5, λ_pre = 1, λ_post = 0.5, λ_bp = 1,
     * φ = 0.2; one free relaxation sweep after the feedforward one, two clamped sweeps. W0 (input x hidden) =
     * [[0.4, -0.2], [0.2, 0.6], [0.9, 0.9]], W1 (hidden x class) = [[0.5, -0.5], [0.3, 0.8]], biases 0.
     */
    private static SbpLearner tiny(SbpConfig.Variant variant, LabelBook book, boolean count) {
        SbpConfig c = SbpConfig.of(3, List.of(2), 2, variant, 0.1f, 1).withIterations(1, 2);
        SbpLearner l = new SbpLearner(c, book, 1_000_000_000L, count);
        float[][] w0 = {{0.4f, -0.2f}, {0.2f, 0.6f}, {0.9f, 0.9f}};
        float[][] w1 = {{0.5f, -0.5f}, {0.3f, 0.8f}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                l.network().setWeight(0, i, j, w0[i][j]);
            }
        }
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 2; k++) {
                l.network().setWeight(1, j, k, w1[j][k]);
            }
        }
        return l;
    }

    private static LabelBook oneSegment(int c, boolean learn) {
        LabelBook book = new LabelBook();
        book.add(new LabelSegment("s", c, 0, 10_000, learn));
        return book;
    }

    /** Inputs 0, 1, 0 at 1, 2, 3 ms: counts (2, 1, 0), max 2, x = (1, 0.5, 0). */
    private static SpikeTrain threeSpikes() {
        return SpikeTrain.of("s", new int[] {0, 1, 0}, new long[] {1_000, 2_000, 3_000});
    }

    /**
     * Hand computation, shared by every variant (sig2(u) = tanh(u/2)).
     *
     * <pre>
     * drive a = 2·W0[0] + W0[1] = (1.0, 0.2); bottom-up input a / max = (0.5, 0.1)
     * free, feedforward sweep (from rest, ε = 1): h = sig2(0.5, 0.1) = (0.2449187, 0.0499584)
     *   o = relu(h·W1) = relu(0.1374468, -0.0824926) = (0.1374468, 0)
     * free, relaxation sweep: net_h = (0.5, 0.1) + W1·o = (0.5687234, 0.1412341)
     *   h = sig2(h - 0.5(h - net_h)) = (0.2006508, 0.0477617); o = relu(o - 0.5(o - h·W1)) = (0.1260504, 0)
     *   verdict: class 0 (the label is class 1)
     * clamped sweep 1: net_h = (0.5630252, 0.1378151), h = (0.1886326, 0.0463610)
     *   net_o = h·W1 - 0.5(o - (0, 1)) = (0.0451994, 0.4427724), o = (0.0856249, 0.2213862)
     * clamped sweep 2: net_h = (0.4321193, 0.3027964), h = (0.1539541, 0.0870683)
     *   net_o = (0.0602851, 0.3819845), o = (0.0729550, 0.3016854)
     * d = (clamped - free) / β: hidden d0 = (-0.0933934, 0.0786132), output d1 = (-0.1061908, 0.6033707)
     * output layer, Δ = h_clamped ⊗ d1 = [[-0.0163485, 0.0928914], [-0.0092459, 0.0525345]]
     *   row LTP sums (0.0928914, 0.0525345): p⁺ = 1 + 0.2·share = (1.1277508, 1.0722492); LTD rows give the same p⁻
     *   column LTD sums (-0.0255944, 0): q = 1 + 0.5·0.2·share = (1.1, 1)
     *   pre-scaled row sums read by SBP(bp) below: R⁺ = p⁺·(0.0928914, 0.0525345) = (0.1047583, 0.0563301),
     *   R⁻ = (0.0184370, 0.0099139): g⁺ = g⁻ = 1 + 0.2·share = (1.1300632, 1.0699368)
     * hidden layer, Δ = x ⊗ d0 = [[-0.0933934, 0.0786132], [-0.0466967, 0.0393066], [0, 0]]
     *   rows: LTP (0.0786132, 0.0393066, 0), LTD (-0.0933934, -0.0466967, 0): p⁺ = p⁻ = (1.1333333, 1.0666667, 1)
     *   column LTD sums (-0.1400901, 0): q = (1.1, 1)
     * biases: b0 = 0.1·d0 = (-0.0093393, 0.0078613), b1 = 0.05·d1 = (-0.0053095, 0.0301685)
     * </pre>
     */
    @ParameterizedTest
    @EnumSource(SbpConfig.Variant.class)
    void theFreeAndClampedPhasesAndEachVariantsUpdateMatchValuesComputedByHand(SbpConfig.Variant variant) {
        SbpLearner l = tiny(variant, oneSegment(1, true), true);
        Recorder r = new Recorder();
        l.process(threeSpikes(), r);
        assertEquals(0.4f, l.network().weight(0, 0, 0), 0f, "nothing is learned before the verdict");
        l.finish(r);
        assertEquals(1, r.segments.size());
        assertEquals(0, r.segments.get(0).predicted(), "the free output (0.1260504, 0) decides class 0");
        // the clamped state is left in place after learning
        assertArrayEquals(new float[] {0.1539541f, 0.0870683f}, l.network().state(0), 1e-6f);
        assertArrayEquals(new float[] {0.0729550f, 0.3016854f}, l.network().output(), 1e-6f);
        float[][][] expected = switch (variant) {
            // W += α·(p⁺_i·Δ⁺ + p⁻_i·Δ⁻); e.g. W0[0][0] = 0.4 + 0.1·1.1333333·(-0.0933934) = 0.3894154
            case PRE -> new float[][][] {
                    {{0.3894154f, -0.1910905f}, {0.1950190f, 0.6041927f}},
                    {{0.4990782f, -0.4947621f}, {0.2995043f, 0.8028165f}}};
            // W += α·(Δ⁺ + q_k·Δ⁻); e.g. W0[0][0] = 0.4 + 0.1·1.1·(-0.0933934) = 0.3897267
            case POST -> new float[][][] {
                    {{0.3897267f, -0.1921387f}, {0.1948634f, 0.6039307f}},
                    {{0.4991008f, -0.4953554f}, {0.2994915f, 0.8026267f}}};
            // hidden W += α·g_k·Δ (g⁺ = g⁻ here), e.g. W0[0][0] = 0.4 + 0.1·1.1300632·(-0.0933934) = 0.3894460;
            // output layer unscaled: W1 += 0.05·Δ
            case BP -> new float[][][] {
                    {{0.3894460f, -0.1915889f}, {0.1947230f, 0.6042056f}},
                    {{0.4991826f, -0.4953554f}, {0.2995377f, 0.8026267f}}};
            // hidden: Δ⁺·(p⁺_i + g⁺_k)/2 + Δ⁻·(p⁻_i + q_k + g⁻_k)/3, e.g. W0[0][0] = 0.4 + 0.1·(-0.0933934)·
            // (1.1333333 + 1.1 + 1.1300632)/3 = 0.3895294; output: Δ⁺·p⁺_i + Δ⁻·(p⁻_i + q_k)/2
            case ALL -> new float[][][] {
                    {{0.3895294f, -0.1913397f}, {0.1948685f, 0.6041991f}},
                    {{0.4990895f, -0.4947621f}, {0.2994979f, 0.8028165f}}};
        };
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(expected[0][i][j], l.network().weight(0, i, j), 1e-6f, "W0[" + i + "][" + j + "]");
                assertEquals(expected[1][i][j], l.network().weight(1, i, j), 1e-6f, "W1[" + i + "][" + j + "]");
            }
            assertEquals(0.9f, l.network().weight(0, 2, i), 0f, "an input that did not spike keeps its weights");
        }
        assertEquals(-0.0093393f, l.network().bias(0, 0), 1e-6f);
        assertEquals(0.0078613f, l.network().bias(0, 1), 1e-6f);
        assertEquals(-0.0053095f, l.network().bias(1, 0), 1e-6f);
        assertEquals(0.0301685f, l.network().bias(1, 1), 1e-6f);
    }

    @Test
    void operationCountsMatchTheLoops() {
        SbpLearner l = tiny(SbpConfig.Variant.ALL, oneSegment(1, true), true);
        l.process(threeSpikes(), new Recorder());
        // Per spike, input->hidden1 (Ops(adds, macs, compares, exps, weight r/w, state r/w)): bookkeeping (3 cmp,
        // 3 r, 1 w), the count (add, 2 cmp: first touch and max, 2 r, 2 w) and the fan-out: one add per hidden unit
        // with its weight read and the drive read and written; plus per first touch of an input an add and a write.
        // The pooling is cleared as the segment opens at the first spike (the 2 drive units written).
        // 3 spikes, 2 inputs touched: adds 3·(1 + 2) + 2, compares 3·5, weight reads 3·2, state r 3·7,
        // w 3·5 + 2 + 2.
        assertEquals(new Ops(11, 0, 15, 0, 6, 0, 21, 19), l.counts().layers().get(0).forward());
        assertEquals(Ops.NONE, l.counts().layers().get(1).forward(), "no prediction, no verdict yet");
        assertEquals(Ops.NONE, l.counts().learning());

        l.finish(new Recorder());
        // hidden1->output, forward: the verdict's free phase. Output cleared (2 w); two sweeps of bias (2 weight
        // reads, 2 w), 2x2 bottom-up multiply-adds (weight read, net r + w) with 2 rows read, 2 ReLU steps (add,
        // mac, cmp, 2 r, w); the second sweep's feedback to the hidden layer through W1ᵀ (4 x mac, weight read,
        // 1 r; 2 rows: add, r, w); the argmax (2 x cmp, r).
        assertEquals(new Ops(6, 16, 6, 0, 16, 0, 28, 20), l.counts().layers().get(1).forward());
        // hidden1->output, learning: free state kept (2 r + w), 1/β (exp, cmp); two clamped sweeps, each: feedback
        // (4 mac + weight r + r; 2 rows add, r, w), bias (2 weight r, 2 w), bottom-up (4 mac, weight r, r, w;
        // 2 rows r), nudge (2 x add, mac, cmp, 2 r, w), ReLU step (2 x add, mac, cmp, 2 r, w); d (2 x add, mac,
        // 2 r, w); the column sums zeroed (2 w); 2x2 row statistics (3 add, mac, 2 cmp, 2 r, w; 2 rows 2 w);
        // 6 absolute sums (add, cmp, r); 3 gains (cmp, exp); 4 row scales and 2 column scales (mac, cmp, r, w);
        // the LTP column scales filled (2 w); 4 pre-scaled row sums for SBP(bp) below (2 mac, cmp, r, w); 2x2
        // updates (2 add, 3 mac, 2 cmp, weight r + w, 3 r; 2 rows 3 r); 2 bias steps (mac, weight r + w, r).
        assertEquals(new Ops(40, 58, 44, 4, 26, 6, 90, 50), l.counts().layers().get(1).learning());
        assertTrue(l.counts().layers().get(0).learning().macs() > 0);
    }

    @Test
    void disabledCountersCountOnlyEventsAndDoNotChangeLearning() {
        SbpLearner on = tiny(SbpConfig.Variant.ALL, oneSegment(1, true), true);
        SbpLearner off = tiny(SbpConfig.Variant.ALL, oneSegment(1, true), false);
        on.process(threeSpikes(), new Recorder());
        off.process(threeSpikes(), new Recorder());
        on.finish(new Recorder());
        off.finish(new Recorder());
        assertEquals(3, off.counts().events());
        assertEquals(Ops.NONE, off.counts().total());
        assertEquals(on.network().weight(0, 0, 0), off.network().weight(0, 0, 0), 0f);
        assertEquals(on.network().weight(1, 1, 1), off.network().weight(1, 1, 1), 0f);
    }

    @Test
    void heldOutSegmentsAreScoredNotLearned() {
        SbpLearner l = tiny(SbpConfig.Variant.ALL, oneSegment(1, false), true);
        Recorder r = new Recorder();
        l.process(threeSpikes(), r);
        l.finish(r);
        assertEquals(1, r.segments.size());
        assertFalse(r.segments.get(0).learned());
        assertEquals(0.4f, l.network().weight(0, 0, 0), 0f);
        assertEquals(0f, l.network().bias(1, 1), 0f);
        assertEquals(Ops.NONE, l.counts().learning());
    }

    /** 200 ms of class c: inputs 4c..4c+3 spike every 2 ms in turn. */
    private static SpikeTrain segment(int c, long t) {
        int[] in = new int[100];
        long[] ts = new long[100];
        for (int k = 0; k < 100; k++) {
            in[k] = 4 * c + k % 4;
            ts[k] = t + 2_000L * k;
        }
        return SpikeTrain.of("s", in, ts);
    }

    /** 40 segments alternating between two classes, 30 learned then 10 held out; the book and the trains. */
    private static List<SpikeTrain> separableStream(LabelBook book) {
        List<SpikeTrain> trains = new ArrayList<>();
        long t = 0;
        for (int seg = 0; seg < 40; seg++) {
            int c = seg % 2;
            book.add(new LabelSegment("s", c, t, t + 200_000, seg < 30));
            trains.add(segment(c, t));
            t += 200_000;
        }
        return trains;
    }

    @ParameterizedTest
    @EnumSource(SbpConfig.Variant.class)
    void learnsATriviallySeparableTwoClassStream(SbpConfig.Variant variant) {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = separableStream(book);
        SbpLearner l = new SbpLearner(SbpConfig.of(8, List.of(8), 2, variant, 0.5f, 3), book, 50_000, true);
        Recorder r = new Recorder();
        trains.forEach(train -> l.process(train, r));
        l.finish(r);
        assertEquals(40, r.segments.size());
        long correct = r.segments.subList(30, 40).stream().filter(SegmentResult::correct).count();
        assertTrue(correct >= 9, "held-out segments correct: " + correct + "/10 " + r.segments.subList(30, 40));
    }

    @Test
    void healthIsFiniteWithinTheInitialBoundUntilAnAbsurdRateBlowsTheWeightsUp() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = separableStream(book);
        SbpLearner sane = new SbpLearner(SbpConfig.of(8, List.of(8), 2, SbpConfig.Variant.PRE, 0.5f, 3), book,
                50_000, false);
        NetworkHealth fresh = sane.health();
        assertTrue(fresh.finite());
        assertEquals(List.of(64L, 16L), fresh.layers().stream().map(NetworkHealth.Layer::weights).toList());
        assertTrue(fresh.maxGrowth() <= 1 && fresh.maxGrowth() > 0.5, "weights start within 1/sqrt(fan-in)");
        Recorder r = new Recorder();
        trains.forEach(train -> sane.process(train, r));
        assertTrue(sane.health().finite(), "learning at the tested rate stays finite");

        SbpLearner blown = new SbpLearner(SbpConfig.of(8, List.of(8), 2, SbpConfig.Variant.PRE, 1e38f, 3), book,
                50_000, false);
        trains.forEach(train -> blown.process(train, new Recorder()));
        NetworkHealth h = blown.health();
        assertFalse(h.finite(), "a rate of 1e38 overflows the weights: " + h);
        assertTrue(h.layers().stream().anyMatch(l -> l.nonFinite() > 0) || h.nonFiniteState() > 0, h.toString());
        sane.network().setWeight(0, 0, 0, Float.NaN);
        assertEquals(1, sane.health().layers().get(0).nonFinite(), "one poisoned weight is found");
    }

    @Test
    void aSegmentsVerdictDoesNotDependOnLearningFromIt() {
        // Before each segment k, a copy of the learner is restored with segment k held out (never learned): its
        // verdict on k must equal the original's, which learns k right after scoring it.
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = separableStream(book);
        SbpLearner l = new SbpLearner(SbpConfig.of(8, List.of(8), 2, SbpConfig.Variant.ALL, 0.5f, 3), book,
                50_000, true);
        Recorder r = new Recorder();
        List<SegmentResult> copies = new ArrayList<>();
        for (int k = 0; k < 30; k++) {
            long startK = 200_000L * k;
            LabelBook heldOut = new LabelBook();
            for (LabelSegment s : book.segments()) {
                heldOut.add(new LabelSegment(s.streamId(), s.classId(), s.startUs(), s.endUs(),
                        s.learn() && s.startUs() != startK));
            }
            SbpLearner copy = SbpLearner.restore(l.encode(), heldOut, 50_000, true);
            Recorder rc = new Recorder();
            copy.process(trains.get(k), rc);
            copy.finish(rc);
            copies.add(rc.segments.get(rc.segments.size() - 1));
            l.process(trains.get(k), r);
        }
        l.finish(r);
        for (int k = 0; k < 30; k++) {
            SegmentResult mine = r.segments.get(k);
            SegmentResult theirs = copies.get(k);
            assertEquals(mine.startUs(), theirs.startUs());
            assertTrue(mine.learned());
            assertFalse(theirs.learned());
            assertEquals(mine.predicted(), theirs.predicted(), "segment " + k);
        }
        assertTrue(r.segments.subList(20, 30).stream().anyMatch(SegmentResult::correct));
    }

    @Test
    void aRestoredLearnerGoesOnWithIdenticalPredictionsAndWeights() {
        LabelBook book = new LabelBook();
        List<SpikeTrain> trains = separableStream(book);
        SbpLearner a = new SbpLearner(SbpConfig.of(8, List.of(8, 4), 2, SbpConfig.Variant.BP, 0.5f, 5), book,
                30_000, true);
        Recorder ra = new Recorder();
        for (int k = 0; k < 15; k++) {
            a.process(trains.get(k), ra);
        }
        // mid-segment: split the 16th segment's train so the pooled input is part-way through it
        SpikeTrain t15 = trains.get(15);
        int half = t15.size() / 2;
        int[] in1 = new int[half];
        long[] ts1 = new long[half];
        int[] in2 = new int[t15.size() - half];
        long[] ts2 = new long[t15.size() - half];
        for (int k = 0; k < t15.size(); k++) {
            if (k < half) {
                in1[k] = t15.input(k);
                ts1[k] = t15.timestampUs(k);
            } else {
                in2[k - half] = t15.input(k);
                ts2[k - half] = t15.timestampUs(k);
            }
        }
        a.process(SpikeTrain.of("s", in1, ts1), ra);
        SbpLearner b = SbpLearner.restore(a.encode(), book, 30_000, true);
        assertEquals(a.counts().layers(), b.counts().layers());
        Recorder rb = new Recorder();
        int predictionsBefore = ra.predictions.size();
        a.process(SpikeTrain.of("s", in2, ts2), ra);
        b.process(SpikeTrain.of("s", in2, ts2), rb);
        for (int k = 16; k < trains.size(); k++) {
            a.process(trains.get(k), ra);
            b.process(trains.get(k), rb);
        }
        a.finish(ra);
        b.finish(rb);
        List<?> after = ra.predictions.subList(predictionsBefore, ra.predictions.size());
        assertEquals(after.size(), rb.predictions.size());
        assertTrue(after.size() > 50);
        for (int k = 0; k < after.size(); k++) {
            assertEquals(ra.predictions.get(predictionsBefore + k).predicted(), rb.predictions.get(k).predicted());
            assertArrayEquals(ra.predictions.get(predictionsBefore + k).scores(), rb.predictions.get(k).scores(), 0f);
        }
        assertEquals(ra.segments.subList(ra.segments.size() - rb.segments.size(), ra.segments.size()), rb.segments);
        for (int l = 0; l < 3; l++) {
            int pre = l == 0 ? 8 : l == 1 ? 8 : 4;
            int post = l == 0 ? 8 : l == 1 ? 4 : 2;
            for (int i = 0; i < pre; i++) {
                for (int j = 0; j < post; j++) {
                    assertEquals(a.network().weight(l, i, j), b.network().weight(l, i, j), 0f);
                }
            }
        }
        assertEquals(a.counts().learning(), b.counts().learning());
        assertNotEquals(Ops.NONE, b.counts().learning());
    }
}
