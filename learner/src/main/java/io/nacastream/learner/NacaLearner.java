package io.nacastream.learner;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.eval.SegmentResult;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A purely feedforward NACA learner updated per input spike (naca.md §4), on plain {@code float[]} columns.
 *
 * <p>Per input spike i at time t, for every hidden unit j (lazy exponential decay, one exp per spike):
 * <pre>
 *   V_j  = V_j * exp(-Δt/τ) + W1[i][j]
 *   Δs_j = [V_j > thr - lens] - s_prev_j                       (s_prev: fired within the plasticity window)
 *   W1[i][j] -= η_h * Mod[c][j] * Δs_j                           (only while a learnable label c is in force)
 *   V_j > thr  =>  spike, V_j = 0
 * </pre>
 * A hidden spike of unit j adds row W2[j] to the output membranes U and, while learning, applies the local delta
 * rule {@code W2[j][k] -= η_o (r_k - y_k) Δs_k}. The hidden signal depends only on the label (through the fixed
 * table Mod); no error ever reaches the hidden layer. Weights are shared by all streams; membranes and spike
 * times are kept per stream. Not thread-safe: one thread drives a learner.
 */
public final class NacaLearner {

    private final NacaConfig config;
    private final float[][] w1;          // [input][hidden]: one contiguous column per input
    private final float[][] w2;          // [hidden][class]: one row per hidden unit
    private final ModulationTable modulation;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final Map<String, StreamState> streams = new HashMap<>();
    private final double invHiddenTau;
    private final double invOutputTau;
    private final double invRateTau;
    private final float rateIncrement;

    private long events;
    private long forwardSynOps;
    private long membraneUpdates;
    private long learningSynOps;
    private long hiddenSpikes;
    private long outputSpikes;

    /**
     * A learner with freshly initialised weights (uniform ±1/sqrt(fan-in), as PyTorch's Linear) that emits a
     * prediction per stream every {@code predictionIntervalUs} of stream time.
     */
    public NacaLearner(NacaConfig config, LabelBook labels, long predictionIntervalUs) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = config;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        SplittableRandom random = new SplittableRandom(config.seed());
        w1 = uniform(random, config.inputs(), config.hidden(), 1 / Math.sqrt(config.inputs()));
        w2 = uniform(random, config.hidden(), config.classes(), 1 / Math.sqrt(config.hidden()));
        modulation = ModulationTable.generate(config.classes(), config.hidden(), config.lambda(),
                config.thetaMax(), random.nextLong());
        invHiddenTau = 1.0 / config.hiddenTauUs();
        invOutputTau = 1.0 / config.outputTauUs();
        invRateTau = 1.0 / config.rateTauUs();
        rateIncrement = (float) (1e6 / (config.fullRateHz() * config.rateTauUs()));
    }

    private static float[][] uniform(SplittableRandom random, int rows, int cols, double bound) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) random.nextDouble(-bound, bound);
            }
        }
        return m;
    }

    /** The configuration. */
    public NacaConfig config() {
        return config;
    }

    /** Processes every spike of {@code train} in order, reporting predictions and segment verdicts. */
    public void process(SpikeTrain train, LearnerListener listener) {
        StreamState s = streams.computeIfAbsent(train.streamId(),
                id -> new StreamState(id, config.hidden(), config.classes()));
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < s.lastEventUs) {
                continue;   // time went backwards on this stream: drop the spike rather than corrupt the state
            }
            if (t >= s.windowEndUs || t < s.windowStartUs || s.labelVersion != labels.version()) {
                moveLabelWindow(s, t, listener);
            }
            if (s.nextPredictionUs == StreamState.NEVER) {
                s.nextPredictionUs = t + predictionIntervalUs;
            } else if (t >= s.nextPredictionUs) {
                listener.onPrediction(predict(s, t));
                s.nextPredictionUs = t - (t - s.nextPredictionUs) % predictionIntervalUs + predictionIntervalUs;
            }
            LabelSegment seg = s.segment;
            int learnClass = seg != null && seg.learn() && seg.classId() < config.classes() ? seg.classId() : -1;
            step(s, train.input(k), t, learnClass);
        }
        if (s.segment != null && train.endUs() >= s.windowEndUs) {
            moveLabelWindow(s, train.endUs(), listener);   // the segment ended, even if its last events were filtered
        }
    }

    /** Closes every open segment (e.g. at the end of a bounded stream), reporting its verdict. */
    public void finish(LearnerListener listener) {
        for (StreamState s : streams.values()) {
            if (s.segment != null) {
                closeSegment(s, listener);
                s.segment = null;
                s.windowStartUs = 1;
                s.windowEndUs = 0;
            }
        }
    }

    /** Cumulative operation counts. */
    public OpCounts counts() {
        return new OpCounts(events, forwardSynOps, membraneUpdates, learningSynOps, hiddenSpikes, outputSpikes);
    }

    /** Hidden weight W1[i][j] (for tests and export). */
    public float hiddenWeight(int input, int hiddenUnit) {
        return w1[input][hiddenUnit];
    }

    /** Output weight W2[j][k] (for tests and export). */
    public float outputWeight(int hiddenUnit, int outputClass) {
        return w2[hiddenUnit][outputClass];
    }

    /** Sets W1[i][j]; for tests that need hand-computable states. */
    public void setHiddenWeight(int input, int hiddenUnit, float value) {
        w1[input][hiddenUnit] = value;
    }

    /** Sets W2[j][k]; for tests that need hand-computable states. */
    public void setOutputWeight(int hiddenUnit, int outputClass, float value) {
        w2[hiddenUnit][outputClass] = value;
    }

    /** The fixed modulation table. */
    public ModulationTable modulation() {
        return modulation;
    }

    /** Membrane potential of hidden unit j on a stream (0 for an unseen stream), for tests. */
    public float hiddenPotential(String streamId, int hiddenUnit) {
        StreamState s = streams.get(streamId);
        return s == null ? 0 : s.v[hiddenUnit];
    }

    private void step(StreamState s, int input, long t, int learnClass) {
        float decay = s.lastEventUs == StreamState.NEVER || t == s.lastEventUs
                ? (s.lastEventUs == StreamState.NEVER ? 0f : 1f)
                : (float) Math.exp(-(t - s.lastEventUs) * invHiddenTau);
        s.lastEventUs = t;
        float[] v = s.v;
        float[] w = w1[input];
        int h = v.length;
        for (int j = 0; j < h; j++) {
            v[j] = v[j] * decay + w[j];
        }
        events++;
        forwardSynOps += h;
        membraneUpdates += h;
        if (learnClass >= 0 && config.etaHidden() > 0) {
            learningSynOps += learnHidden(s, w, modulation.forClass(learnClass), t);
        }
        float threshold = config.threshold();
        long[] lastSpike = s.lastHiddenSpikeUs;
        for (int j = 0; j < h; j++) {
            if (v[j] > threshold) {
                v[j] = 0;
                lastSpike[j] = t;
                hiddenSpike(s, j, t, learnClass);
            }
        }
    }

    /** The modulated local rule on column {@code w}; returns the number of weights changed. */
    private int learnHidden(StreamState s, float[] w, float[] mod, long t) {
        float[] v = s.v;
        long[] lastSpike = s.lastHiddenSpikeUs;
        float low = config.threshold() - config.lens();
        float eta = config.etaHidden();
        long since = t - config.plasticityWindowUs();
        int changed = 0;
        for (int j = 0; j < v.length; j++) {
            int ds = (v[j] > low ? 1 : 0) - (lastSpike[j] > since ? 1 : 0);
            if (ds != 0) {
                w[j] -= eta * mod[j] * ds;
                changed++;
            }
        }
        return changed;
    }

    private void hiddenSpike(StreamState s, int j, long t, int learnClass) {
        hiddenSpikes++;
        decayOutputs(s, t);
        float[] u = s.u;
        float[] row = w2[j];
        int classes = u.length;
        for (int k = 0; k < classes; k++) {
            u[k] += row[k];
            s.segmentPotential[k] += Math.max(0f, u[k]);
        }
        forwardSynOps += classes;
        membraneUpdates += classes;
        float threshold = config.threshold();
        if (learnClass >= 0 && config.etaOutput() > 0) {
            float low = threshold - config.lens();
            long since = t - config.plasticityWindowUs();
            float eta = config.etaOutput();
            for (int k = 0; k < classes; k++) {
                int ds = (u[k] > low ? 1 : 0) - (s.lastOutputSpikeUs[k] > since ? 1 : 0);
                if (ds != 0) {
                    float target = k == learnClass ? 1f : 0f;
                    row[k] -= eta * (s.rate[k] - target) * ds;
                    learningSynOps++;
                }
            }
        }
        for (int k = 0; k < classes; k++) {
            if (u[k] > threshold) {
                u[k] = 0;
                s.lastOutputSpikeUs[k] = t;
                s.rate[k] += rateIncrement;
                s.segmentSpikes[k]++;
                outputSpikes++;
                if (s.segment != null && k == s.segment.classId() && s.firstCorrectUs < 0) {
                    s.firstCorrectUs = t - s.segment.startUs();
                }
            }
        }
    }

    private void decayOutputs(StreamState s, long t) {
        if (s.lastOutputUpdateUs != StreamState.NEVER && t > s.lastOutputUpdateUs) {
            long dt = t - s.lastOutputUpdateUs;
            float du = (float) Math.exp(-dt * invOutputTau);
            float dr = (float) Math.exp(-dt * invRateTau);
            for (int k = 0; k < s.u.length; k++) {
                s.u[k] *= du;
                s.rate[k] *= dr;
            }
        }
        s.lastOutputUpdateUs = t;
    }

    private Prediction predict(StreamState s, long t) {
        decayOutputs(s, t);
        float[] scores = s.rate.clone();
        float sum = 0;
        int best = -1;
        for (int k = 0; k < scores.length; k++) {
            sum += scores[k];
            if (scores[k] > 0 && (best < 0 || scores[k] > scores[best])) {
                best = k;
            }
        }
        if (sum > 0) {
            for (int k = 0; k < scores.length; k++) {
                scores[k] /= sum;
            }
        }
        int label = s.segment == null ? -1 : s.segment.classId();
        return new Prediction(s.streamId, t, best, scores, label);
    }

    private void moveLabelWindow(StreamState s, long t, LearnerListener listener) {
        LabelSegment next = labels.at(s.streamId, t);
        if (s.segment != null && !s.segment.equals(next)) {
            closeSegment(s, listener);
        }
        if (next != null && !next.equals(s.segment)) {
            s.clearSegmentTallies();
        }
        s.segment = next;
        s.labelVersion = labels.version();
        if (next != null) {
            s.windowStartUs = next.startUs();
            s.windowEndUs = next.endUs();
        } else {
            s.windowStartUs = t;
            s.windowEndUs = labels.nextStartAfter(s.streamId, t);
        }
    }

    private void closeSegment(StreamState s, LearnerListener listener) {
        LabelSegment seg = s.segment;
        int best = argmax(s.segmentSpikes);
        long total = 0;
        for (long c : s.segmentSpikes) {
            total += c;
        }
        if (total == 0) {
            best = argmax(s.segmentPotential);
        }
        listener.onSegment(new SegmentResult(s.streamId, seg.startUs(), seg.endUs(), seg.classId(), best,
                seg.learn(), total, s.firstCorrectUs));
        s.clearSegmentTallies();
    }

    private static int argmax(long[] a) {
        int best = 0;
        for (int k = 1; k < a.length; k++) {
            if (a[k] > a[best]) {
                best = k;
            }
        }
        return best;
    }

    private static int argmax(float[] a) {
        int best = -1;
        for (int k = 0; k < a.length; k++) {
            if (a[k] > 0 && (best < 0 || a[k] > a[best])) {
                best = k;
            }
        }
        return best;
    }
}
