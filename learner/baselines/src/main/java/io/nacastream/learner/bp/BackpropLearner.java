package io.nacastream.learner.bp;

import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.learner.LabelBook;
import io.nacastream.learner.LearnerListener;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.Prediction;
import io.nacastream.learner.SegmentReplay;
import io.nacastream.learner.SegmentTracker;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.energy.Ops;

import java.util.HashMap;
import java.util.Map;

/**
 * The backprop baseline: an MLP (ReLU hidden layers, softmax output, cross-entropy) of the same sizes as the NACA
 * network ({@link SparseMlp}), trained online with SGD or Adam, one step per frame. A frame is the set of inputs
 * that spiked on a stream within one bin of {@code binUs}, as binary values or as an exponential trace over past
 * bins ({@link BackpropConfig#traceUs()}); bins without spikes are skipped. A segment's verdict is the class with the
 * largest summed probability over its frames.
 *
 * <p>Strict test-then-train, as NACA: a labelled segment's frames are scored with learning off while its spikes are
 * recorded ({@link SegmentReplay}); once its verdict is in, the segment is replayed, frame by frame, with a learning
 * step per frame, from a copy of the stream's input state at the segment's start. Weights are shared by all streams.
 * Not thread-safe.
 */
public final class BackpropLearner implements OnlineLearner {

    /** Cost per word of copying the input state at a learnable segment's start. */
    private static final Ops COPY_STATE = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per class of a frame's vote (its probabilities added to the segment's). */
    private static final Ops VOTE = Ops.NONE.adds(1).stateReads(2).stateWrites(1);

    private final BackpropConfig config;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final int replayLimit;
    private final OpCounter counter;
    private final SparseMlp mlp;
    private final Map<String, Stream> streams = new HashMap<>();

    private static final class Stream {
        final SegmentTracker tracker;
        final FrameInput live;
        final FrameInput learning;
        final SegmentReplay replay;
        final double[] votes;
        float[] lastProbabilities;

        Stream(SegmentTracker tracker, BackpropConfig c, int replayLimit) {
            this.tracker = tracker;
            this.live = new FrameInput(c.inputs(), c.traceUs());
            this.learning = new FrameInput(c.inputs(), c.traceUs());
            this.replay = new SegmentReplay(replayLimit);
            this.votes = new double[c.classes()];
            this.lastProbabilities = new float[c.classes()];
        }
    }

    /** A baseline with fresh weights (uniform ±1/sqrt(fan-in), as NACA's) that counts operations. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs) {
        this(config, labels, predictionIntervalUs, true);
    }

    /** As above; {@code countOps} false disables the operation and CPU-time counters. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps) {
        this(config, labels, predictionIntervalUs, countOps, SegmentReplay.DEFAULT_LIMIT);
    }

    /** As above, keeping at most {@code replayLimit} spikes of a segment to learn from. */
    public BackpropLearner(BackpropConfig config, LabelBook labels, long predictionIntervalUs, boolean countOps,
                           int replayLimit) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        this.config = config;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.replayLimit = replayLimit;
        var names = OpCounter.layerNames(config.hiddenSizes().size());
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
        this.mlp = new SparseMlp(config, counter);
    }

    @Override
    public String algorithm() {
        return config.ewcLambda() > 0 ? "bp+ewc" : "bp";
    }

    /** The configuration. */
    public BackpropConfig config() {
        return config;
    }

    @Override
    public void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        Stream s = streams.computeIfAbsent(train.streamId(), id -> new Stream(
                new SegmentTracker(id, config.classes(), labels, predictionIntervalUs), config, replayLimit));
        FrameInput in = s.live;
        long bin = config.binUs();
        int processed = 0;
        int recorded = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (t < in.lastEventUs) {
                continue;
            }
            in.lastEventUs = t;
            if (in.open() && t >= in.binStartUs + bin) {
                score(s);
            }
            segmentMoved(s, s.tracker.advance(t, listener));
            if (s.tracker.predictionDue(t)) {
                listener.onPrediction(Prediction.fromScores(s.tracker.streamId(), t, s.lastProbabilities,
                        s.tracker.labelClass()));
            }
            if (!in.open()) {
                in.binStartUs = Math.floorDiv(t, bin) * bin;
            }
            int input = train.input(k);
            in.spike(input, counter);
            if (s.replay.recording()) {
                s.replay.add(input, t);
                recorded++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        if (in.open() && train.endUs() >= in.binStartUs + bin) {
            score(s);
        }
        if (s.replay.recording()) {
            s.replay.endChunk(train.endUs());
            counter.learning(0, SegmentReplay.RECORD, recorded);
        }
        segmentMoved(s, s.tracker.reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    /** Closes the live frame and scores it (no learning). */
    private void score(Stream s) {
        s.live.closeFrame(counter);
        float[] p = mlp.forward(s.live);
        System.arraycopy(p, 0, s.lastProbabilities, 0, p.length);
        for (int k = 0; k < p.length; k++) {
            s.votes[k] = p[k];
        }
        s.tracker.vote(s.votes, s.live.lastFrameStartUs() + config.binUs());
        counter.forward(config.hiddenSizes().size(), VOTE, p.length);
    }

    private void segmentMoved(Stream s, LabelSegment closed) {
        if (s.replay.recording() && (closed != null || !s.replay.segment().equals(s.tracker.segment()))) {
            learn(s);
        }
        if (s.tracker.learnClass() >= 0 && !s.replay.recording()) {
            s.replay.start(s.tracker.segment());
            counter.learning(0, COPY_STATE, s.learning.copyFrom(s.live));
        }
    }

    /** Replays the recorded segment frame by frame with a learning step per frame. */
    private void learn(Stream s) {
        FrameInput in = s.learning;
        int cls = s.replay.learnClass();
        long bin = config.binUs();
        counter.replaying(true);
        counter.learning(0, SegmentReplay.READ, s.replay.size());
        s.replay.replay(new SegmentReplay.Visitor() {
            @Override
            public void spike(int input, long t) {
                if (in.open() && t >= in.binStartUs + bin) {
                    step(in, cls);
                }
                if (!in.open()) {
                    in.binStartUs = Math.floorDiv(t, bin) * bin;
                }
                in.spike(input, counter);
            }

            @Override
            public void chunkEnd(long endUs) {
                if (in.open() && endUs >= in.binStartUs + bin) {
                    step(in, cls);
                }
            }
        });
        if (in.open()) {
            step(in, cls);
        }
        counter.replaying(false);
        s.replay.stop();
    }

    private void step(FrameInput in, int cls) {
        in.closeFrame(counter);
        mlp.forward(in);
        mlp.learn(in, cls);
    }

    @Override
    public void finish(LearnerListener listener) {
        for (Stream s : streams.values()) {
            end(s, listener);
        }
    }

    @Override
    public void resetStream(String streamId, LearnerListener listener) {
        Stream s = streams.remove(streamId);
        if (s != null) {
            end(s, listener);
        }
    }

    private void end(Stream s, LearnerListener listener) {
        if (s.live.open()) {
            score(s);
        }
        segmentMoved(s, s.tracker.finish(listener));
    }

    @Override
    public OpCounts counts() {
        return counter.snapshot();
    }

    /**
     * Ends a task for elastic weight consolidation (Kirkpatrick et al. 2017, online form of Schwarz et al. 2018):
     * the empirical Fisher information accumulated since the last call (mean squared gradients) is added to the
     * penalty's weights F and the current weights become its anchor θ*. The penalty λ/2·Σ F(θ - θ*)² is then applied
     * after every step as a proximal step θ ← θ* + (θ - θ*) / (1 + η·λ·F), which, unlike adding its gradient, is
     * stable for any λ (a gradient step diverges once η·λ·F &gt; 2). No-op without EWC.
     */
    public void consolidate() {
        mlp.consolidate();
    }

    /** Sets one weight; for tests that need hand-computable states. */
    public void setWeight(int l, int pre, int post, float value) {
        mlp.w[l][pre][post] = value;
    }

    /** A copy of weight layer {@code l} as [pre][post]. */
    public float[][] weights(int l) {
        float[][] c = new float[mlp.w[l].length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = mlp.w[l][i].clone();
        }
        return c;
    }
}
