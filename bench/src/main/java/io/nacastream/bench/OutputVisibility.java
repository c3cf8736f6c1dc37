package io.nacastream.bench;

import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How long the service's outputs take to become visible to a downstream {@code read_committed} consumer: a thread
 * reads the predictions topic as such a consumer and records, per record, the time from its send (the producer's
 * record timestamp, taken when the learner made it) to its arrival. Under exactly-once that is the wait for the
 * transaction's commit; under at-least-once, the sink producer's linger and the fetch alone.
 */
final class OutputVisibility implements AutoCloseable {

    private final Histogram delays = new Histogram(3_600_000L, 3);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    /** Starts reading {@code topic} (partition 0, from its current end) on the broker at {@code bootstrap}. */
    OutputVisibility(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToEnd(List.of(tp));
        consumer.position(tp);
        reader = new Thread(() -> {
            try (consumer) {
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                        long delay = System.currentTimeMillis() - r.timestamp();
                        synchronized (delays) {
                            delays.recordValue(Math.max(0, Math.min(3_600_000L, delay)));
                        }
                    }
                }
            }
        }, "e2e-visibility");
        reader.setDaemon(true);
        reader.start();
    }

    /** The delay at percentile {@code p}, in ms (0 when nothing was read). */
    double percentileMs(double p) {
        synchronized (delays) {
            return delays.getTotalCount() == 0 ? 0 : delays.getValueAtPercentile(p);
        }
    }

    /** Stops reading. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.join(5000);
    }
}
