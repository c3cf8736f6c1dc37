package io.nacastream.service.commit;

import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The instance's transactional producer. Sends from any thread (the learner thread's outputs, the checkpoint
 * thread's records) take the same lock as a commit, so none falls between a commit and the next transaction's begin,
 * when the producer refuses them; it also counts sends, so an interval with nothing new commits nothing.
 */
final class GuardedProducer extends KafkaProducer<String, byte[]> {

    private final ReentrantLock lock;
    private final AtomicLong sends = new AtomicLong();

    GuardedProducer(Properties config, ReentrantLock lock) {
        super(config, new StringSerializer(), new ByteArraySerializer());
        this.lock = lock;
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
        lock.lock();
        try {
            sends.incrementAndGet();
            return super.send(record, callback);
        } finally {
            lock.unlock();
        }
    }

    /** Records sent so far. */
    long sends() {
        return sends.get();
    }
}
