package io.nacastream.service.stream;

import io.nacastream.ingest.kafka.RecordOrigin;

/** Told on the learner thread when a packet has been learned from; the end-to-end benchmark measures latency with it. */
@FunctionalInterface
public interface PacketProbe {

    /** A probe that does nothing. */
    PacketProbe NONE = (origin, events) -> {
    };

    /** The packet of {@code events} events from record {@code origin} is now in its model. */
    void learned(RecordOrigin origin, int events);
}
