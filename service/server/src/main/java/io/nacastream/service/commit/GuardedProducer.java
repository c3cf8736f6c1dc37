package io.nacastream.service.commit;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The instance's transactional producer as the sink and the checkpoint store see it. Sends from any thread (the
 * learner thread's outputs, the checkpoint thread's records) take the same lock as a commit, so none falls between a
 * commit and the next transaction's begin, when the producer refuses them; sends are counted, so an interval with
 * nothing new commits nothing. Behind it, {@link TransactionalOutput} runs the transactions and may replace the
 * Kafka producer with a new one of the same transactional id ({@link #renew()}), as a restarted process would.
 */
final class GuardedProducer implements Producer<String, byte[]> {

    private final ReentrantLock lock;
    private final Supplier<KafkaProducer<String, byte[]>> factory;
    private final AtomicLong sends = new AtomicLong();
    private volatile KafkaProducer<String, byte[]> current;

    /** A producer from {@code factory}, whose transactions are initialised; sends take {@code lock}. */
    GuardedProducer(Supplier<KafkaProducer<String, byte[]>> factory, ReentrantLock lock) {
        this.factory = factory;
        this.lock = lock;
        this.current = started(factory.get());
    }

    private static KafkaProducer<String, byte[]> started(KafkaProducer<String, byte[]> p) {
        try {
            p.initTransactions();
            return p;
        } catch (RuntimeException e) {
            p.close(Duration.ZERO);
            throw e;
        }
    }

    /** The Kafka producer the transactions run on now. */
    KafkaProducer<String, byte[]> kafka() {
        return current;
    }

    /**
     * Closes the Kafka producer at once and starts a new one with the same transactional id, which fences the old one
     * and has the broker abort whatever it left open. Called with the lock held, after an aborted transaction.
     */
    void renew() {
        current.close(Duration.ZERO);
        current = started(factory.get());
    }

    /** Records sent so far. */
    long sends() {
        return sends.get();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        lock.lock();
        try {
            sends.incrementAndGet();
            return current.send(record, callback);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        return send(record, null);
    }

    @Override
    public void flush() {
        current.flush();
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        return current.partitionsFor(topic);
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return current.metrics();
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        return current.clientInstanceId(timeout);
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        current.registerMetricForSubscription(metric);
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        current.unregisterMetricFromSubscription(metric);
    }

    @Override
    public void close() {
        current.close();
    }

    @Override
    public void close(Duration timeout) {
        current.close(timeout);
    }

    @Override
    public void initTransactions() {
        throw managed();
    }

    @Override
    public void beginTransaction() {
        throw managed();
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        throw managed();
    }

    @Override
    public void commitTransaction() {
        throw managed();
    }

    @Override
    public void abortTransaction() {
        throw managed();
    }

    private static UnsupportedOperationException managed() {
        return new UnsupportedOperationException("the instance's transactions are run by TransactionalOutput");
    }
}
