package io.nacastream.ingest.recording;

import java.util.List;

/**
 * What a reader learned from a recording's header.
 *
 * @param format   the format being decoded
 * @param geometry sensor size every event is checked against
 * @param source   camera or stream name from the header (may be empty)
 * @param header   the header lines or key facts, for display
 */
public record RecordingInfo(RecordingFormat format, SensorGeometry geometry, String source, List<String> header) {

    /** Copies the header list. */
    public RecordingInfo {
        header = List.copyOf(header);
    }
}
