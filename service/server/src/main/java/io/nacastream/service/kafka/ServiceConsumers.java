package io.nacastream.service.kafka;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.service.config.ServiceSettings;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.Map;

/** The consumer the service reads its events and labels topics with. */
public final class ServiceConsumers {

    private ServiceConsumers() {
    }

    /**
     * A consumer in {@code group.id}: no auto-commit (offsets are committed after checkpoints, or in the learner's
     * transactions), range assignment so partition n of both topics goes to the same member, static membership when
     * {@code group.instance-id} is set, and under exactly-once only committed input ({@code read_committed}), whose
     * committed offsets are read only once no transaction is pending on them.
     */
    public static KafkaConsumer<byte[], byte[]> create(KafkaClientConfig clients, ServiceSettings.Group group,
                                                       boolean exactlyOnce) {
        Map<String, Object> p = new HashMap<>();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group.id());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 256);
        // Range assignment gives partition n of both topics to the same member: a stream's labels meet its events.
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "naca-stream-service");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) group.sessionTimeout().toMillis());
        group.instanceId().ifPresent(id -> p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        if (exactlyOnce) {
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        return new KafkaConsumer<>(clients.properties(KafkaClientConfig.Kind.CONSUMER, p), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}
