package io.nacastream.service.store;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.config.ServiceConfig;

import java.nio.file.Path;
import java.util.List;

/** The checkpoint store the configuration names: {@code checkpoint.topic}, {@code checkpoint.dir}, or both. */
public final class CheckpointStores {

    private CheckpointStores() {
    }

    /** The configured store on the broker at {@code bootstrap}, creating its compacted topic if missing. */
    public static CheckpointStore configured(ServiceConfig config, String bootstrap) throws Exception {
        String topic = config.string("checkpoint.topic").trim();
        String dir = config.string("checkpoint.dir").trim();
        if (topic.isEmpty()) {
            return new DirectoryCheckpointStore(Path.of(dir));
        }
        KafkaTopics.ensure(bootstrap, List.of(topic), 1, KafkaCheckpointStore.TOPIC_CONFIG);
        CheckpointStore kafka = new KafkaCheckpointStore(bootstrap, topic);
        return dir.isEmpty() ? kafka : new MirroredCheckpointStore(kafka, new DirectoryCheckpointStore(Path.of(dir)));
    }
}
