package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;

/** The one producer setup every writer of records uses (publishers, the sink, benchmarks). */
public final class Producers {

    /** The defaults of every producer: acks=all, idempotent, 5 ms linger, 256 KiB batches. */
    public static final Map<String, Object> DEFAULTS = Map.of(
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);

    private Producers() {
    }

    /** A producer of string-keyed byte records on the plaintext cluster at {@code bootstrap}, with the defaults. */
    public static KafkaProducer<String, byte[]> create(String bootstrap) {
        return create(KafkaClientConfig.plaintext(bootstrap));
    }

    /** A producer of string-keyed byte records made as {@code clients} says, over the defaults. */
    public static KafkaProducer<String, byte[]> create(KafkaClientConfig clients) {
        return create(clients, Map.of());
    }

    /** As {@link #create(KafkaClientConfig)}, with {@code extra} over the defaults (the user's properties win). */
    public static KafkaProducer<String, byte[]> create(KafkaClientConfig clients, Map<String, Object> extra) {
        Map<String, Object> defaults = new HashMap<>(DEFAULTS);
        defaults.putAll(extra);
        return new KafkaProducer<>(clients.properties(KafkaClientConfig.Kind.PRODUCER, defaults),
                new StringSerializer(), new ByteArraySerializer());
    }
}
