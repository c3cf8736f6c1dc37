package io.nacastream.service.store;

import io.nacastream.ingest.label.LabelSegment;

import java.util.List;

/**
 * Where a co-partitioned pair of events and labels partitions was saved: the offsets to resume from and the label
 * segments read before the labels offset that streams may still need. Models of the partition's streams are saved
 * separately, each with its own offset ({@link ModelCheckpoint}).
 *
 * @param eventsTopic  events topic
 * @param partition    partition number (the same on both topics)
 * @param eventsOffset first events offset not yet processed
 * @param labelsTopic  labels topic
 * @param labelsOffset first labels offset not yet read
 * @param labels       segments read before {@code labelsOffset} whose end has not passed yet
 * @param wallTimeMs   when the checkpoint was taken
 */
public record PartitionCheckpoint(String eventsTopic, int partition, long eventsOffset, String labelsTopic,
                                  long labelsOffset, List<LabelSegment> labels, long wallTimeMs) {

    /** Copies the label list. */
    public PartitionCheckpoint {
        labels = List.copyOf(labels);
    }
}
