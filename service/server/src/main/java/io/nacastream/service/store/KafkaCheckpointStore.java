package io.nacastream.service.store;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.Producers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Checkpoints in a compacted, single-partition Kafka topic keyed by {@link CheckpointRecords} keys. Loading scans the
 * committed records of the topic once; a model is then read back by the offset it was written at (an index kept from
 * the scan and from every acknowledged save, including this instance's own not yet committed ones). Writes go through
 * its own idempotent producer, or through the instance's transactional producer, so they commit with its outputs.
 */
public final class KafkaCheckpointStore implements CheckpointStore {

    /** Largest checkpoint record: a 2048 x 1024 model is 8 MiB, 16 MiB with the ridge readout's 1024 x 1024 inverse. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    /** Topic configuration the store needs (compacted, records up to {@link #MAX_RECORD_BYTES}). */
    public static final Map<String, String> TOPIC_CONFIG = Map.of(
            "cleanup.policy", "compact",
            "max.message.bytes", String.valueOf(MAX_RECORD_BYTES),
            "segment.ms", "600000",
            "min.cleanable.dirty.ratio", "0.1");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaCheckpointStore.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaClientConfig clients;
    private final TopicPartition topic;
    private final Producer<String, byte[]> producer;
    private final boolean ownsProducer;
    /** Offsets of each stream's readable model checkpoints, newest first, at most {@value #HISTORY} of them. */
    private static final int HISTORY = 4;
    private final Map<String, OffsetHistory> modelOffsets = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private KafkaConsumer<String, byte[]> reader;

    /** A store in partition 0 of {@code topic} (which must exist, see {@link #TOPIC_CONFIG}). */
    public KafkaCheckpointStore(String bootstrap, String topic) {
        this(KafkaClientConfig.plaintext(bootstrap), topic, null);
    }

    /**
     * A store in partition 0 of {@code topic} writing through {@code shared} (the instance's transactional producer,
     * which stays open when the store closes), or through a producer of its own when null.
     */
    public KafkaCheckpointStore(KafkaClientConfig clients, String topic, Producer<String, byte[]> shared) {
        this.clients = clients;
        this.topic = new TopicPartition(topic, 0);
        this.ownsProducer = shared == null;
        this.producer = shared != null ? shared : Producers.create(clients, Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_RECORD_BYTES,
                ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * MAX_RECORD_BYTES,
                ProducerConfig.CLIENT_ID_CONFIG, "naca-stream-checkpoints"));
    }

    @Override
    public void save(ModelCheckpoint model) {
        String key = CheckpointRecords.modelKey(model.streamId());
        producer.send(new ProducerRecord<>(topic.topic(), 0, key, CheckpointRecords.encode(model)), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            } else {
                modelOffsets.computeIfAbsent(model.streamId(), k -> new OffsetHistory()).add(meta.offset());
            }
        });
    }

    @Override
    public void save(PartitionCheckpoint partition) {
        String key = CheckpointRecords.partitionKey(partition.eventsTopic(), partition.partition());
        producer.send(new ProducerRecord<>(topic.topic(), 0, key, CheckpointRecords.encode(partition)), (meta, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    @Override
    public void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("saving a checkpoint to " + topic.topic() + " failed: " + e, e);
        }
    }

    @Override
    public Stored load(String eventsTopic, Collection<Integer> partitions) {
        Map<Integer, PartitionCheckpoint> parts = new HashMap<>();
        Map<String, ModelCheckpoint> models = new HashMap<>();
        long t0 = System.nanoTime();
        long[] scanned = new long[2];
        try (KafkaConsumer<String, byte[]> consumer = newConsumer(true)) {
            consumer.assign(List.of(topic));
            consumer.seekToBeginning(List.of(topic));
            long end = consumer.endOffsets(List.of(topic)).get(topic);
            while (consumer.position(topic) < end) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                    scanned[0]++;
                    scanned[1] += r.value() == null ? 0 : r.value().length;
                    index(r, eventsTopic, partitions, parts, models);
                }
            }
        }
        LOG.info("event=checkpoints_loaded topic={} partitions={} records={} bytes={} models={} ms={}", topic.topic(),
                partitions, scanned[0], scanned[1], models.size(), (System.nanoTime() - t0) / 1_000_000);
        return new Stored(parts, models);
    }

    private void index(ConsumerRecord<String, byte[]> r, String eventsTopic, Collection<Integer> partitions,
                       Map<Integer, PartitionCheckpoint> parts, Map<String, ModelCheckpoint> models) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        Object record;
        try {
            record = CheckpointRecords.decode(r.value());
        } catch (RuntimeException e) {
            LOG.warn("event=checkpoint_unreadable topic={} offset={} key={} error=\"{}\"", topic.topic(), r.offset(),
                    r.key(), e.getMessage());
            return;   // an earlier good record of the same key, if any, stays in effect
        }
        if (record instanceof PartitionCheckpoint p && p.eventsTopic().equals(eventsTopic)
                && partitions.contains(p.partition())) {
            parts.put(p.partition(), p);
        } else if (record instanceof ModelCheckpoint m) {
            modelOffsets.computeIfAbsent(m.streamId(), k -> new OffsetHistory()).add(r.offset());
            if (m.eventsTopic().equals(eventsTopic) && partitions.contains(m.partition())) {
                models.put(m.streamId(), DirectoryCheckpointStore.withoutModel(m));
            }
        }
    }

    @Override
    public ModelCheckpoint loadModel(String streamId) {
        return loadModel(streamId, m -> true);
    }

    @Override
    public synchronized ModelCheckpoint loadModel(String streamId, Predicate<ModelCheckpoint> usable) {
        flush();   // a save still in flight would leave the index pointing at an older checkpoint
        OffsetHistory history = modelOffsets.get(streamId);
        if (history == null) {
            return null;
        }
        for (long offset : history.newestFirst()) {
            ModelCheckpoint m = read(streamId, offset);
            if (m != null && usable.test(m)) {
                return m;
            }
        }
        return null;
    }

    /** The model checkpoint at {@code offset}, or null if it was compacted away or does not decode. */
    private ModelCheckpoint read(String streamId, long offset) {
        if (reader == null) {
            reader = newConsumer(false);   // this instance's own saves are read back before they commit
            reader.assign(List.of(topic));
        }
        reader.seek(topic, offset);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : reader.poll(POLL)) {
                if (r.offset() == offset) {
                    try {
                        return CheckpointRecords.decode(r.value()) instanceof ModelCheckpoint m ? m : null;
                    } catch (RuntimeException e) {
                        return null;
                    }
                }
                if (r.offset() > offset) {   // compacted away since: a newer save of the key exists further on
                    return null;
                }
            }
        }
        throw new IllegalStateException("checkpoint of stream '" + streamId + "' at offset " + offset + " of "
                + topic.topic() + " could not be read within 30 s");
    }

    /** The last few offsets of one stream's model checkpoints (compaction keeps only the newest in the long run). */
    private static final class OffsetHistory {
        private final long[] offsets = new long[HISTORY];
        private int size;

        synchronized void add(long offset) {
            if (size > 0 && offsets[0] >= offset) {
                return;
            }
            System.arraycopy(offsets, 0, offsets, 1, Math.min(size, HISTORY - 1));
            offsets[0] = offset;
            size = Math.min(size + 1, HISTORY);
        }

        synchronized long[] newestFirst() {
            return Arrays.copyOf(offsets, size);
        }
    }

    /**
     * Forgets where this instance's saves not yet committed lie: its transaction was aborted, so they never will be.
     * The next {@link #load} indexes the committed records again.
     */
    @Override
    public void discardUncommitted() {
        modelOffsets.clear();
        failure.set(null);
    }

    private KafkaConsumer<String, byte[]> newConsumer(boolean committedOnly) {
        Map<String, Object> p = new HashMap<>();
        if (committedOnly) {
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, MAX_RECORD_BYTES);
        p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, MAX_RECORD_BYTES);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "naca-stream-checkpoint-reader");
        return new KafkaConsumer<>(clients.properties(KafkaClientConfig.Kind.CONSUMER, p), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @Override
    public synchronized void close() {
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(10));
        }
        if (reader != null) {
            reader.close();
        }
    }
}
