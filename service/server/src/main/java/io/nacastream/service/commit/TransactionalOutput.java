package io.nacastream.service.commit;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.Producers;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One instance's Kafka transaction, open from one commit to the next: the sink records, the dead letters and the
 * checkpoint records sent through {@link #producer()} and the input offsets given to {@link #commit} become visible
 * together to read_committed consumers, or not at all. The transactional id is stable across restarts of the same
 * instance, so a restarted instance fences its predecessor and aborts what it left open; an instance that lost its
 * partitions to a rebalance is fenced by the group generation its offsets carry (KIP-447). Commits run on the learner
 * thread.
 */
public final class TransactionalOutput implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOutput.class);

    private final ReentrantLock lock = new ReentrantLock();
    private final GuardedProducer producer;
    private final String transactionalId;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong aborted = new AtomicLong();
    private long sendsAtLastCommit;
    /** True while a transaction is open (guarded by the lock). */
    private boolean open;

    private TransactionalOutput(KafkaClientConfig clients, Map<String, Object> config, String transactionalId) {
        this.transactionalId = transactionalId;
        this.producer = new GuardedProducer(() -> Producers.create(clients, config), lock);
    }

    /**
     * The transactional output of the instance {@code transactionalId} on {@code bootstrap}, whose transactions the
     * broker aborts when open longer than {@code timeout}: initialises the transactions (fencing and aborting a
     * predecessor's) and begins the first one.
     */
    public static TransactionalOutput open(KafkaClientConfig clients, String transactionalId, Duration timeout,
                                           int maxRequestBytes) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) timeout.toMillis());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * maxRequestBytes);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "naca-stream-" + transactionalId);
        TransactionalOutput out = new TransactionalOutput(clients, p, transactionalId);
        out.begin();
        LOG.info("event=transactions_ready transactional_id={}", transactionalId);
        return out;
    }

    /** The producer every output and checkpoint record of this instance is sent through. */
    public Producer<String, byte[]> producer() {
        return producer;
    }

    /** This instance's transactional id. */
    public String transactionalId() {
        return transactionalId;
    }

    /** True if records were sent since the last commit. */
    public boolean hasNewRecords() {
        return producer.sends() != sendsAtLastCommit;
    }

    /**
     * Commits the open transaction with these next offsets to read, as {@code group}'s member, and begins the next
     * one. A timed-out commit is retried once; any other failure aborts the transaction (nothing of it becomes
     * visible), leaves none open (sends fail until {@link #restart}) and throws, {@link
     * TransactionFailedException#fatal()} telling whether the instance was fenced.
     */
    public void commit(Map<TopicPartition, Long> offsets, ConsumerGroupMetadata group) {
        lock.lock();
        try {
            if (!open) {
                throw new TransactionFailedException("no transaction is open: the last one was aborted", null, false);
            }
            long sends = producer.sends();
            if (!offsets.isEmpty()) {
                Map<TopicPartition, OffsetAndMetadata> o = new HashMap<>();
                offsets.forEach((tp, next) -> o.put(tp, new OffsetAndMetadata(next)));
                producer.kafka().sendOffsetsToTransaction(o, group);
            }
            CommitFaults.beforeCommit();
            try {
                producer.kafka().commitTransaction();
            } catch (TimeoutException e) {
                LOG.warn("event=transaction_commit_retry error=\"{}\"", e.toString());
                producer.kafka().commitTransaction();
            }
            open = false;
            sendsAtLastCommit = sends;
            committed.incrementAndGet();
            LOG.debug("event=transaction_committed offsets={}", offsets);
            producer.kafka().beginTransaction();
            open = true;
        } catch (KafkaException e) {
            throw abortAfter(e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts over from the last commit, as a restarted process would: the open transaction, if any, is abandoned
     * and counted as aborted (nothing sent since the last commit becomes visible), and the Kafka producer is replaced
     * by a new one with the same transactional id, which fences the old one, has the broker abort what it left open,
     * and begins a fresh transaction. Throws if another instance holds the id.
     */
    public void restart(String reason) {
        lock.lock();
        try {
            if (open) {
                open = false;
                aborted.incrementAndGet();
                LOG.warn("event=transaction_aborted transactional_id={} reason=\"{}\"", transactionalId, reason);
            }
            producer.renew();
            sendsAtLastCommit = producer.sends();
            begin();
        } catch (KafkaException e) {
            throw new TransactionFailedException("restarting the transactions failed: " + e, e, fatal(e));
        } finally {
            lock.unlock();
        }
    }

    private void begin() {
        lock.lock();
        try {
            if (!open) {
                producer.kafka().beginTransaction();
                open = true;
            }
        } finally {
            lock.unlock();
        }
    }

    private TransactionFailedException abortAfter(KafkaException e) {
        boolean fatal = fatal(e);
        if (open && !fatal) {
            try {
                producer.kafka().abortTransaction();
            } catch (RuntimeException again) {   // e.g. after a commit that timed out: the restart replaces it
                fatal = again instanceof KafkaException k && fatal(k);
                e.addSuppressed(again);
            }
        }
        open = false;
        sendsAtLastCommit = producer.sends();
        aborted.incrementAndGet();
        LOG.warn("event=transaction_aborted transactional_id={} fatal={} error=\"{}\"", transactionalId, fatal,
                e.toString());
        return new TransactionFailedException("transaction of " + transactionalId + " aborted: " + e, e, fatal);
    }

    /** Failures after which this producer can never commit again: another instance holds its identity. */
    private static boolean fatal(KafkaException e) {
        return e instanceof ProducerFencedException || e instanceof FencedInstanceIdException
                || e instanceof AuthorizationException || e instanceof UnsupportedVersionException;
    }

    /** Transactions committed so far. */
    public long committed() {
        return committed.get();
    }

    /** Transactions aborted so far. */
    public long aborted() {
        return aborted.get();
    }

    /** Closes the producer; a transaction still open is aborted (its records never become visible). */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
