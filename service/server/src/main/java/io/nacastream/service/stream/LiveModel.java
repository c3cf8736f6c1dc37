package io.nacastream.service.stream;

import io.nacastream.ingest.event.StreamClock;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.eval.PrequentialReport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model in memory and what is known about it: its partition, where it came from, what it has learned since it was
 * saved, the state of the streams it learns from, and the running evaluation of its verdicts (saved with it, so a
 * restored model goes on scoring exactly where it left off). Learner thread only.
 */
final class LiveModel {

    final String modelId;
    final PartitionState partition;
    final OnlineLearner learner;
    final String origin;
    /** Records of the model's streams below this offset are already in the model (restored from a later save). */
    final long resumeOffset;
    /** The learner's counts when this copy was loaded: the service counts only what it adds. */
    final OpCounts loadedCounts;
    /** Time of the newest event in the model when it was loaded, or {@link StreamClock#NEVER}. */
    final long loadedLastEventUs;
    final Map<String, StreamState> streams = new HashMap<>();
    /** Encoder states of its streams restored with it, each taken up when its stream's first packet comes back. */
    final Map<String, byte[]> restoredEncoders = new HashMap<>();
    /** The running evaluation of this model's verdicts, over its whole life. */
    final PrequentialReport evaluation;
    /** Verdicts of this model so far (the evaluation records' cadence). */
    long segments;
    long events;
    long packets;
    long savedAtMs = -1;
    boolean dirty;
    /** Its weights went non-finite: it is dropped at the end of the checkpoint and restored from its last save. */
    boolean rolledBack;

    LiveModel(String modelId, PartitionState partition, OnlineLearner learner, String origin, long resumeOffset,
              long events, long packets, long loadedLastEventUs, int classes) {
        this.evaluation = new PrequentialReport(classes);
        this.modelId = modelId;
        this.partition = partition;
        this.learner = learner;
        this.origin = origin;
        this.resumeOffset = resumeOffset;
        this.events = events;
        this.packets = packets;
        this.loadedLastEventUs = loadedLastEventUs;
        this.loadedCounts = learner.counts();
    }

    /** Time of the newest event the model has learned, or {@link StreamClock#NEVER}. */
    long lastEventUs() {
        long last = loadedLastEventUs;
        for (StreamState s : streams.values()) {
            last = Math.max(last, s.clock().lastUs());
        }
        return last;
    }

    /**
     * Its streams' encoder states, as a checkpoint keeps them: those of the streams seen since it was loaded, and
     * those restored with it whose streams have not come back yet.
     */
    Map<String, byte[]> encoderStates() {
        Map<String, byte[]> out = new LinkedHashMap<>(restoredEncoders);
        for (StreamState s : streams.values()) {
            out.put(s.streamId(), s.encoder().toBytes());
        }
        return out;
    }

    /** Its evaluation as a checkpoint keeps it: the count of verdicts, then the report's state. */
    byte[] evaluationState() {
        byte[] report = evaluation.toBytes();
        return ByteBuffer.allocate(8 + report.length).order(ByteOrder.LITTLE_ENDIAN).putLong(segments).put(report)
                .array();
    }

    /** Takes up a saved evaluation ({@link #evaluationState()}); empty: none was saved, it starts afresh. */
    void restoreEvaluation(byte[] saved) {
        if (saved.length == 0) {
            return;
        }
        if (saved.length < 8) {
            throw new IllegalArgumentException("evaluation state of " + saved.length + " bytes is cut short");
        }
        evaluation.restore(java.util.Arrays.copyOfRange(saved, 8, saved.length));
        segments = ByteBuffer.wrap(saved).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** Operations this copy of the model has performed since it was loaded. */
    OpCounts addedCounts() {
        return learner.counts().minus(loadedCounts);
    }
}
