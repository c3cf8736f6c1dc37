package io.nacastream.service.config;

import io.nacastream.sink.SinkTopics;

/**
 * The topics read and written ({@code topic.*}).
 *
 * @param events      topic of event packets
 * @param labels      topic of label segments
 * @param predictions topic of predictions and segment verdicts
 * @param energy      topic of energy counters
 * @param deadLetter  topic of records that could not be decoded
 * @param partitions  partitions of the topics the service creates
 */
public record TopicSettings(String events, String labels, String predictions, String energy, String deadLetter,
                           int partitions) {

    /** The topic settings of {@code config}. */
    static TopicSettings of(ServiceConfig config) {
        return new TopicSettings(config.string("topic.events"), config.string("topic.labels"),
                config.string("topic.predictions"), config.string("topic.energy"), config.string("topic.dead-letter"),
                config.integer("topic.partitions"));
    }

    /** The output topics, as the sink writes them. */
    public SinkTopics sinkTopics() {
        return new SinkTopics(predictions, energy, deadLetter);
    }
}
