package io.nacastream.ingest.recording;

import java.io.Closeable;
import java.io.IOException;

/**
 * Streams the events of one recording batch by batch, never holding the whole recording in memory. Every format
 * problem is a {@link RecordingFormatException} naming the source and byte offset.
 */
public interface EventReader extends Closeable {

    /** Format, sensor size and header facts. */
    RecordingInfo info();

    /**
     * Clears {@code batch} and fills it with the next events in recording order; returns how many, or -1 once the
     * recording is exhausted (never 0).
     */
    int read(EventBatch batch) throws IOException;

    /** Bytes consumed so far (for progress). */
    long bytesRead();

    /** Total bytes of the source, or -1 when unknown. */
    long totalBytes();

    /** Records or words that carried no polarity event (special events, triggers, IMU, invalid events), so far. */
    long skipped();
}
