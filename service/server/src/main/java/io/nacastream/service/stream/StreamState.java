package io.nacastream.service.stream;

import io.nacastream.encoder.EncoderState;
import io.nacastream.ingest.event.StreamClock;

/**
 * One sensor stream's own state next to the model it feeds: its encoder filters and its clock. Learner thread only.
 *
 * @param streamId the stream
 * @param encoder  its encoder's filter history and geometry
 * @param clock    guards its event time and holds the time of its last learned event
 */
record StreamState(String streamId, EncoderState encoder, StreamClock clock) {
}
