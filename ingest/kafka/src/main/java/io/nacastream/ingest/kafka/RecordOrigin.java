package io.nacastream.ingest.kafka;

/** Where a Kafka record came from: topic, partition, offset and the record's timestamp (ms since the epoch). */
public record RecordOrigin(String topic, int partition, long offset, long timestampMs) {
}
