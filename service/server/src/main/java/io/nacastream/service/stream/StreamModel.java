package io.nacastream.service.stream;

import io.nacastream.encoder.EncoderState;
import io.nacastream.ingest.event.StreamClock;
import io.nacastream.learner.energy.OpCounts;
import io.nacastream.learner.naca.NacaLearner;

/**
 * One sensor stream's live model and the state around it. Touched by the learner thread only.
 */
final class StreamModel {

    final String streamId;
    final PartitionState partition;
    final NacaLearner learner;
    EncoderState encoder;
    /** Guards the stream's event time and holds the time of its last learned event. */
    final StreamClock clock;
    final String origin;
    /** Records of the stream below this offset are already in the model (restored from a later checkpoint). */
    final long resumeOffset;
    /** The learner's counts when this copy of the model was loaded: the service counts only what it adds. */
    final OpCounts loadedCounts;
    long events;
    long packets;
    long savedAtMs = -1;
    boolean dirty;
    /** Its weights went non-finite: it is dropped at the end of the checkpoint and restored from its last save. */
    boolean rolledBack;

    StreamModel(String streamId, PartitionState partition, NacaLearner learner, EncoderState encoder, String origin,
                long resumeOffset, long events, long packets, StreamClock clock) {
        this.streamId = streamId;
        this.partition = partition;
        this.learner = learner;
        this.encoder = encoder;
        this.origin = origin;
        this.resumeOffset = resumeOffset;
        this.events = events;
        this.packets = packets;
        this.clock = clock;
        this.loadedCounts = learner.counts();
    }

    /** Time of the stream's last learned event, or {@link StreamClock#NEVER}. */
    long lastEventUs() {
        return clock.lastUs();
    }

    /** Operations this copy of the model has performed since it was loaded. */
    OpCounts addedCounts() {
        return learner.counts().minus(loadedCounts);
    }
}
