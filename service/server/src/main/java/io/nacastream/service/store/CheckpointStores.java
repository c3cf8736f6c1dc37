package io.nacastream.service.store;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.config.ServiceSettings;

import java.util.List;

/** The checkpoint store the configuration names: {@code checkpoint.topic}, {@code checkpoint.dir}, or both. */
public final class CheckpointStores {

    private CheckpointStores() {
    }

    /** The configured store on the broker at {@code bootstrap}, creating its compacted topic if missing. */
    public static CheckpointStore configured(ServiceSettings.Checkpoints checkpoints, String bootstrap)
            throws Exception {
        if (checkpoints.topic().isEmpty()) {
            return new DirectoryCheckpointStore(checkpoints.dir().orElseThrow(() -> new IllegalArgumentException(
                    "configuration keys 'checkpoint.topic' and 'checkpoint.dir' are both empty")));
        }
        String topic = checkpoints.topic().get();
        KafkaTopics.ensure(bootstrap, List.of(topic), 1, KafkaCheckpointStore.TOPIC_CONFIG);
        CheckpointStore kafka = new KafkaCheckpointStore(bootstrap, topic);
        return checkpoints.dir().<CheckpointStore>map(dir -> new MirroredCheckpointStore(kafka,
                new DirectoryCheckpointStore(dir))).orElse(kafka);
    }
}
