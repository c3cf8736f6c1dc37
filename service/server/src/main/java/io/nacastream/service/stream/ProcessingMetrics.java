package io.nacastream.service.stream;

import io.nacastream.ingest.kafka.RejectKind;

/**
 * What the stream processor reports as it works, for the service's metrics; {@link #NONE} ignores everything, so
 * counting costs nothing when metrics are off. Called on the learner thread.
 */
public interface ProcessingMetrics {

    /** Reports nothing. */
    ProcessingMetrics NONE = new ProcessingMetrics() {
    };

    /** A packet of {@code events} events became {@code spikes} input spikes, {@code latencyMs} after its append. */
    default void packet(int events, int spikes, long latencyMs) {
    }

    /** A record went to the dead-letter topic. */
    default void deadLetter(RejectKind kind) {
    }

    /** A model's weights or potentials stopped being finite. */
    default void numericFault() {
    }

    /** The largest growth of a layer's weights over their initial bound, at a save. */
    default void weightGrowth(double growth) {
    }

    /** A stream's clock restarted. */
    default void clockResync() {
    }

    /** Events skipped after a restore because the model already holds them. */
    default void replaySkipped(int events) {
    }

    /** A model started from its base. */
    default void modelCreated() {
    }

    /** A model was restored from its checkpoint. */
    default void modelRestored() {
    }

    /** A model's checkpoints could not be used; it started from its base. */
    default void restoreFailed() {
    }

    /** The least recently used model was saved and dropped from memory. */
    default void modelEvicted() {
    }

    /** A model was saved. */
    default void modelSaved() {
    }

    /** A checkpoint of owned partitions took {@code nanos}. */
    default void checkpointed(long nanos) {
    }

    /** A segment verdict: learned from (test-then-train) or held out. */
    default void segment(boolean learned) {
    }
}
