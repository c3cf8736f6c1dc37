package io.nacastream.service.store;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.config.ServiceSettings;
import org.apache.kafka.clients.producer.Producer;

import java.util.List;

/** The checkpoint store the configuration names: {@code checkpoint.topic}, {@code checkpoint.dir}, or both. */
public final class CheckpointStores {

    private CheckpointStores() {
    }

    /** The configured store on the broker at {@code bootstrap}, creating its compacted topic if missing. */
    public static CheckpointStore configured(ServiceSettings.Checkpoints checkpoints, String bootstrap)
            throws Exception {
        return configured(checkpoints, KafkaClientConfig.plaintext(bootstrap), null);
    }

    /**
     * As above, the topic written through {@code transactional} (the instance's transactional producer) when not
     * null, so checkpoint records commit with the outputs and offsets they go with.
     */
    public static CheckpointStore configured(ServiceSettings.Checkpoints checkpoints, KafkaClientConfig clients,
                                             Producer<String, byte[]> transactional) throws Exception {
        if (checkpoints.topic().isEmpty()) {
            return new DirectoryCheckpointStore(checkpoints.dir().orElseThrow(() -> new IllegalArgumentException(
                    "configuration keys 'checkpoint.topic' and 'checkpoint.dir' are both empty")));
        }
        String topic = checkpoints.topic().get();
        KafkaTopics.ensure(clients, List.of(topic), 1, KafkaCheckpointStore.TOPIC_CONFIG);
        CheckpointStore kafka = new KafkaCheckpointStore(clients, topic, transactional);
        return checkpoints.dir().<CheckpointStore>map(dir -> new MirroredCheckpointStore(kafka,
                new DirectoryCheckpointStore(dir))).orElse(kafka);
    }
}
