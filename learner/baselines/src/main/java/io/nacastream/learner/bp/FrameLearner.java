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

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The streaming frame and strict test-then-train of the learners that see a stream as frames of {@code binUs}
 * (the backprop baseline, BackEISNN): each stream's spikes fill its live frame; a closed frame is scored with
 * learning off and its class probabilities vote for the segment's verdict; a labelled segment's spikes are
 * recorded ({@link SegmentReplay}) and, once its verdict is in, replayed frame by frame from a copy of the stream's
 * state at the segment's start, with the subclass's learning step per frame. Subclasses say how a frame is scored,
 * what state is copied and how a frame is learned. Not thread-safe.
 *
 * @param <S> a stream's state
 */
public abstract class FrameLearner<S extends FrameLearner.FrameStream> implements OnlineLearner {

    /** Cost per word of copying a stream's state at a learnable segment's start. */
    private static final Ops COPY_STATE = Ops.NONE.stateReads(1).stateWrites(1);
    /** Cost per class of a frame's vote (its probabilities added to the segment's). */
    private static final Ops VOTE = Ops.NONE.adds(1).stateReads(2).stateWrites(1);

    /** The operation counter (disabled counters count only events). */
    protected final OpCounter counter;
    private final LabelBook labels;
    private final long predictionIntervalUs;
    private final long binUs;
    private final int classes;
    private final int hiddenLayers;
    private final Map<String, S> streams;

    /** A stream's frames, segment tracking and recording. */
    public static class FrameStream {
        private final SegmentTracker tracker;
        private final FrameInput live;
        private final FrameInput learning;
        private final SegmentReplay replay;
        private final float[] scores;
        final double[] votes;

        /** A stream tracked by {@code tracker} with inputs traced over {@code traceUs} (0: binary frames). */
        protected FrameStream(SegmentTracker tracker, int inputs, long traceUs, int classes, int replayLimit) {
            this.tracker = tracker;
            this.live = new FrameInput(inputs, traceUs);
            this.learning = new FrameInput(inputs, traceUs);
            this.replay = new SegmentReplay(replayLimit);
            this.scores = new float[classes];
            this.votes = new double[classes];
        }

        /** The stream's labels and verdicts. */
        public final SegmentTracker tracker() {
            return tracker;
        }

        /** The frame being filled by live spikes. */
        public final FrameInput live() {
            return live;
        }

        /** The frame being filled by a replayed segment's spikes. */
        public final FrameInput learning() {
            return learning;
        }

        /** The spikes of the learnable segment in force. */
        public final SegmentReplay replay() {
            return replay;
        }

        /** The class probabilities of the last scored frame (live: the next scored frame overwrites them). */
        public final float[] scores() {
            return scores;
        }
    }

    /**
     * A learner of {@code classes} classes over frames of {@code binUs}, with {@code hiddenLayers} hidden layers
     * (the layer its votes are counted on), counting operations unless {@code countOps} is false, keeping its streams
     * in first-seen order.
     */
    protected FrameLearner(LabelBook labels, long predictionIntervalUs, long binUs, int classes, int hiddenLayers,
                           boolean countOps) {
        this(labels, predictionIntervalUs, binUs, classes, hiddenLayers, countOps, new LinkedHashMap<>());
    }

    /**
     * As above, keeping its streams in {@code streams} (empty): its iteration order is the order in which
     * {@link #finish} learns the streams' open segments.
     */
    protected FrameLearner(LabelBook labels, long predictionIntervalUs, long binUs, int classes, int hiddenLayers,
                           boolean countOps, Map<String, S> streams) {
        if (predictionIntervalUs < 1) {
            throw new IllegalArgumentException("predictionIntervalUs must be positive");
        }
        if (!streams.isEmpty()) {
            throw new IllegalArgumentException("the stream map must start empty");
        }
        this.streams = streams;
        this.labels = labels;
        this.predictionIntervalUs = predictionIntervalUs;
        this.binUs = binUs;
        this.classes = classes;
        this.hiddenLayers = hiddenLayers;
        var names = OpCounter.layerNames(hiddenLayers);
        this.counter = countOps ? OpCounter.enabled(names) : OpCounter.disabled(names);
    }

    /** A new stream's state, tracked by {@code tracker}. */
    protected abstract S newStream(SegmentTracker tracker);

    /** Puts the class probabilities of {@code s}'s live frame, just closed, into {@code s.scores()} (no learning). */
    protected abstract void scoreFrame(S s);

    /** Makes {@code s}'s learning state a copy of its live state at a learnable segment's start; the words copied. */
    protected abstract long copyLiveToLearning(S s);

    /** Called before a segment of class {@code cls} is replayed. */
    protected void beginLearning(S s, int cls) {
    }

    /** Learns from {@code s}'s learning frame, just closed, as part of a segment of class {@code cls}. */
    protected abstract void learnFrame(S s, int cls);

    /** Called after a segment of class {@code cls} was replayed. */
    protected void endLearning(S s, int cls) {
    }

    /** The stream {@code id}'s state, made on its first use. */
    protected final S stream(String id) {
        return streams.computeIfAbsent(id, k -> newStream(new SegmentTracker(k, classes, labels,
                predictionIntervalUs)));
    }

    /** Every stream's state, in the order of the stream map. */
    protected final Collection<S> streams() {
        return streams.values();
    }

    @Override
    public final void process(SpikeTrain train, LearnerListener listener) {
        long cpu = counter.cpuStart();
        S s = stream(train.streamId());
        FrameInput in = s.live();
        int processed = 0;
        int recorded = 0;
        for (int k = 0, n = train.size(); k < n; k++) {
            long t = train.timestampUs(k);
            if (!in.accept(t)) {
                continue;   // time went backwards on this stream: drop the spike
            }
            if (in.due(t, binUs)) {
                score(s);
            }
            segmentMoved(s, s.tracker().advance(t, listener));
            if (s.tracker().predictionDue(t)) {
                listener.onPrediction(Prediction.fromScores(s.tracker().streamId(), t, s.scores(),
                        s.tracker().labelClass()));
            }
            in.openAt(t, binUs);
            int input = train.input(k);
            in.spike(input, counter);
            if (s.replay().recording()) {
                s.replay().add(input, t);
                recorded++;
            }
            processed++;
        }
        counter.events(processed);
        counter.forward(0, SegmentTracker.PER_EVENT, processed);
        if (in.due(train.endUs(), binUs)) {
            score(s);
        }
        if (s.replay().recording()) {
            s.replay().endChunk(train.endUs());
            counter.learning(0, SegmentReplay.RECORD, recorded);
        }
        segmentMoved(s, s.tracker().reachedEnd(train.endUs(), listener));
        counter.cpuSince(cpu);
    }

    /** Closes the live frame and scores it (no learning); its class probabilities vote. */
    private void score(S s) {
        s.live().closeFrame(counter);
        scoreFrame(s);
        for (int k = 0; k < s.scores().length; k++) {
            s.votes[k] = s.scores()[k];
        }
        s.tracker().vote(s.votes, s.live().lastFrameStartUs() + binUs);
        counter.forward(hiddenLayers, VOTE, s.scores().length);
    }

    private void segmentMoved(S s, LabelSegment closed) {
        if (s.replay().recording() && (closed != null || !s.replay().segment().equals(s.tracker().segment()))) {
            learn(s);
        }
        if (s.tracker().learnClass() >= 0 && !s.replay().recording()) {
            s.replay().start(s.tracker().segment());
            counter.learning(0, COPY_STATE, copyLiveToLearning(s));
        }
    }

    /** Replays the recorded segment frame by frame with a learning step per frame. */
    private void learn(S s) {
        FrameInput in = s.learning();
        int cls = s.replay().learnClass();
        beginLearning(s, cls);
        counter.replaying(true);
        counter.learning(0, SegmentReplay.READ, s.replay().size());
        s.replay().replay(new SegmentReplay.Visitor() {
            @Override
            public void spike(int input, long t) {
                if (in.due(t, binUs)) {
                    step(s, cls);
                }
                in.openAt(t, binUs);
                in.spike(input, counter);
            }

            @Override
            public void chunkEnd(long endUs) {
                if (in.due(endUs, binUs)) {
                    step(s, cls);
                }
            }
        });
        if (in.open()) {
            step(s, cls);
        }
        endLearning(s, cls);
        counter.replaying(false);
        s.replay().stop();
    }

    private void step(S s, int cls) {
        s.learning().closeFrame(counter);
        learnFrame(s, cls);
    }

    @Override
    public final void finish(LearnerListener listener) {
        for (S s : streams.values()) {
            end(s, listener);
        }
    }

    @Override
    public final void resetStream(String streamId, LearnerListener listener) {
        S s = streams.remove(streamId);
        if (s != null) {
            end(s, listener);
        }
    }

    private void end(S s, LearnerListener listener) {
        if (s.live().open()) {
            score(s);
        }
        segmentMoved(s, s.tracker().finish(listener));
    }

    @Override
    public final OpCounts counts() {
        return counter.snapshot();
    }
}
