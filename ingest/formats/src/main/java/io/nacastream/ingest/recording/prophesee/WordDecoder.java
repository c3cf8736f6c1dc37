package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.recording.EventBatch;

/**
 * A stateful decoder of a Prophesee word stream (EVT 2.0 or 3.0). State (time base, row, base column) carries over
 * between calls, so a stream may be fed in pieces split at any word boundary: file windows or Kafka records.
 */
public interface WordDecoder {

    /** Bytes per word. */
    int wordBytes();

    /** Most events one word can produce. */
    int maxEventsPerWord();

    /**
     * Decodes whole words of {@code b[from, to)} into {@code out} while it has room for {@link #maxEventsPerWord()}
     * events; returns the index after the last word consumed. Throws
     * {@link io.nacastream.ingest.recording.EventDataException} at a word that breaks the format.
     */
    int decode(byte[] b, int from, int to, EventBatch out);

    /** Words that produced no event and set no state used so far (triggers, IMU, unknown types, events before the
     * first time base). */
    long skipped();
}
