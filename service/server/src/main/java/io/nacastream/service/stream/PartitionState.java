package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.service.store.ModelCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * An owned pair of co-partitioned events and labels partitions: their label segments, where their saved models lie,
 * and how far the learner thread has processed each (read by the poll thread when handing the partition back).
 */
public final class PartitionState {

    public final int partition;
    final TopicPartition events;
    /** The labels partition, or null when the labels topic has no such partition assigned here. */
    final TopicPartition labels;
    final LabelBook labelBook = new LabelBook();
    /** Saved models of this partition's streams not live right now (metadata only; bytes are read on demand). */
    final Map<String, ModelCheckpoint> stored = new HashMap<>();
    /** Labels of streams that have sent no events here yet. */
    final OrphanLabels orphans;
    /** First events offset the learner thread has not processed. */
    public volatile long eventsNext;
    /** First labels offset the learner thread has not processed. */
    public volatile long labelsNext;

    public PartitionState(TopicPartition events, TopicPartition labels, long eventsNext, long labelsNext,
                   OrphanLabels orphans) {
        this.partition = events.partition();
        this.orphans = orphans;
        this.events = events;
        this.labels = labels;
        this.eventsNext = eventsNext;
        this.labelsNext = labelsNext;
    }

    /** Offsets to commit for this partition pair (the labels partition only if this instance owns it). */
    public Map<TopicPartition, Long> offsets() {
        return labels == null ? Map.of(events, eventsNext) : Map.of(events, eventsNext, labels, labelsNext);
    }
}
