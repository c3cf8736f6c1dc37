package io.nacastream.service.stream;

import io.nacastream.learner.LabelBook;
import io.nacastream.service.config.ModelScope;
import io.nacastream.service.store.ModelCheckpoint;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.Map;

/**
 * One owned events/labels partition pair: its label book, its saved models not in memory, its labels waiting for
 * their streams, how far the learner thread has processed each topic (read by the poll thread at hand-over), and
 * up to where the outputs of its records are already committed.
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
    /**
     * Events records below this offset had their outputs committed before this instance took the partition: they
     * are learned again (from the checkpoint) without publishing anything.
     */
    final long eventsFence;
    /** Labels records below this offset had their outputs committed already, as {@link #eventsFence}. */
    final long labelsFence;

    PartitionState(TopicPartition events, TopicPartition labels, long eventsNext, long labelsNext,
                   long eventsFence, long labelsFence, OrphanLabels orphans) {
        this.partition = events.partition();
        this.partitionModelId = ModelScope.PARTITION.modelId(null, partition);
        this.orphans = orphans;
        this.events = events;
        this.labels = labels;
        this.eventsNext = eventsNext;
        this.labelsNext = labelsNext;
        this.eventsFence = eventsFence;
        this.labelsFence = labelsFence;
    }

    /** The partition number. */
    public int partition() {
        return partition;
    }

    /** First offset of {@code topicPartition} (this pair's events or labels) the learner thread has not processed. */
    public long next(TopicPartition topicPartition) {
        return topicPartition.equals(labels) ? labelsNext : eventsNext;
    }

    /** True if the outputs of the record at {@code offset} of {@code topic} are already committed. */
    boolean replaying(String topic, long offset) {
        return offset < (labels != null && topic.equals(labels.topic()) ? labelsFence : eventsFence);
    }

    /**
     * Offsets to commit for this partition pair (the labels partition only if this instance owns it): where the
     * learner is, but never below what was committed before (records replayed from the checkpoint up to there have
     * their outputs committed already).
     */
    public Map<TopicPartition, Long> offsets() {
        long e = Math.max(eventsNext, eventsFence);
        return labels == null ? Map.of(events, e) : Map.of(events, e, labels, Math.max(labelsNext, labelsFence));
    }
}
