package io.nacastream.service.stream;

import io.nacastream.ingest.event.StreamClock;
import io.nacastream.learner.OnlineLearner;
import io.nacastream.learner.energy.OpCounts;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model in memory and what is known about it: its partition, where it came from, what it has learned since it was
 * saved, and the state of the streams it learns from. Learner thread only.
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
    long events;
    long packets;
    long savedAtMs = -1;
    boolean dirty;
    /** Its weights went non-finite: it is dropped at the end of the checkpoint and restored from its last save. */
    boolean rolledBack;

    LiveModel(String modelId, PartitionState partition, OnlineLearner learner, String origin, long resumeOffset,
              long events, long packets, long loadedLastEventUs) {
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

    /** Operations this copy of the model has performed since it was loaded. */
    OpCounts addedCounts() {
        return learner.counts().minus(loadedCounts);
    }
}
