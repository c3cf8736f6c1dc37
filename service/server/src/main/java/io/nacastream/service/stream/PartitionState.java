package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.store.ModelCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * One owned events/labels partition pair: its label book, its saved models not in memory, its labels waiting for
 * their streams, and how far the learner thread has processed each topic (read by the poll thread at hand-over).
 */
public final class PartitionState {

    final int partition;
    /** The id of this partition's one model under {@code model.scope=partition}, made once. */
    final String partitionModelId;
    final TopicPartition events;
    /** The labels partition, or null when the labels topic has no such partition assigned here. */
    final TopicPartition labels;
    final LabelBook labelBook = new LabelBook();
    /** Saved models of this partition not live right now (metadata only; bytes are read on demand). */
    final Map<String, ModelCheckpoint> stored = new HashMap<>();
    /** Labels of streams that have sent no events here yet. */
    final OrphanLabels orphans;
    /** First events offset the learner thread has not processed. */
    volatile long eventsNext;
    /** First labels offset the learner thread has not processed. */
    volatile long labelsNext;

    PartitionState(TopicPartition events, TopicPartition labels, long eventsNext, long labelsNext,
                   OrphanLabels orphans) {
        this.partition = events.partition();
        this.partitionModelId = ModelScope.PARTITION.modelId(null, partition);
        this.orphans = orphans;
        this.events = events;
        this.labels = labels;
        this.eventsNext = eventsNext;
        this.labelsNext = labelsNext;
    }

    /** The partition number. */
    public int partition() {
        return partition;
    }

    /** First offset of {@code topicPartition} (this pair's events or labels) the learner thread has not processed. */
    public long next(TopicPartition topicPartition) {
        return topicPartition.equals(labels) ? labelsNext : eventsNext;
    }

    /** Offsets to commit for this partition pair (the labels partition only if this instance owns it). */
    public Map<TopicPartition, Long> offsets() {
        return labels == null ? Map.of(events, eventsNext) : Map.of(events, eventsNext, labels, labelsNext);
    }
}
