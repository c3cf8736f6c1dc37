package io.nacastream.service;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaFlux;
import io.nacastream.ingest.kafka.RecordDecoder;
import io.nacastream.service.commit.CommitCycle;
import io.nacastream.service.commit.TransactionFailedException;
import io.nacastream.service.commit.TransactionalOutput;
import io.nacastream.service.config.ServiceSettings;
import io.nacastream.service.config.TopicSettings;
import io.nacastream.service.http.Readiness;
import io.nacastream.service.kafka.AccessFailures;
import io.nacastream.service.kafka.PartitionHandover;
import io.nacastream.service.kafka.ServiceConsumers;
import io.nacastream.service.metrics.ServiceMetrics;
import io.nacastream.service.store.CheckpointStore;
import io.nacastream.service.stream.StreamProcessor;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The service's consumption of its input: a consumer in the group, told of partitions by a
 * {@link PartitionHandover}, whose records run through the processor on the learner thread, housekeeping between
 * them. Under exactly-once it also runs the commits, and restarts from the last commit (a new consumer and hand-over,
 * the partitions restored from committed checkpoints) when a commit aborts or the group takes partitions away.
 */
final class Consumption {

    private static final Logger LOG = LoggerFactory.getLogger(Consumption.class);

    /** What consumption runs on and reports to. */
    record Parts(KafkaClientConfig clients, TopicSettings topics, ServiceSettings service, StreamProcessor processor,
                 CheckpointStore store, Scheduler learnerThread, ServiceMetrics metrics, Readiness readiness,
                 CompletableFuture<Map<TopicPartition, Long>> stopAt, CompletableFuture<Void> done) {
    }

    private final Parts parts;
    private final TransactionalOutput transactions;
    private final RecordDecoder decoder;
    private CommitCycle commits;
    private Runnable housekeeping;
    private Runnable completed;
    private volatile PartitionHandover handover;
    private volatile Disposable run;
    /** Refusals of consumption so far; the pause before consuming again grows with it (learner thread). */
    private volatile int refusals;
    /** The reason of the last refusal logged (learner thread). */
    private String lastRefusal;

    /** Consumption from {@code parts}, committing through {@code transactions} (null: at-least-once). */
    Consumption(Parts parts, TransactionalOutput transactions) {
        this.parts = parts;
        this.transactions = transactions;
        this.decoder = new RecordDecoder(parts.topics().events(), parts.topics().labels());
        this.handover = newHandover();
    }

    /**
     * Starts consuming: {@code commits} (null: at-least-once) run between records from {@code housekeeping}, and
     * {@code completed} runs on the learner thread once the input ends.
     */
    void start(CommitCycle commits, Runnable housekeeping, Runnable completed) {
        this.commits = commits;
        this.housekeeping = housekeeping;
        this.completed = completed;
        run = consume();
    }

    /** The current hand-over (a restart replaces it). */
    PartitionHandover handover() {
        return handover;
    }

    /** The consumer's group membership as of its last assignment, for a transaction's offsets. */
    ConsumerGroupMetadata group() {
        return handover.group();
    }

    /** Stops consuming at once (the records queued for the learner are dropped). */
    void dispose() {
        Disposable r = run;
        if (r != null) {
            r.dispose();
        }
    }

    /** Learner thread: commits if the commit interval has passed. */
    void commitIfDue() {
        if (commits != null) {
            commit(() -> commits.commitIfDue());
        }
    }

    /** Learner thread, at the end of the input: commits what is left. */
    void commitNow() {
        if (commits != null) {
            commits.commitNow(Map.of());
        }
    }

    private PartitionHandover newHandover() {
        PartitionHandover.Transactional t = transactions == null ? null : new PartitionHandover.Transactional() {
            @Override
            public void commitHandover(Map<TopicPartition, Long> released) {
                commit(() -> commits.commitNow(released));
            }

            @Override
            public void partitionsLost(Set<Integer> lost) {
                parts.learnerThread().schedule(() -> restartFromLastCommit("partitions " + lost
                        + " were lost to the group"));
            }
        };
        return new PartitionHandover(parts.topics().events(), parts.topics().labels(), parts.processor(),
                parts.store(), parts.learnerThread(), this::assigned, parts.metrics()::lag,
                parts.service().shutdownTimeout(), t);
    }

    /** Starts consuming with a new consumer, told of partitions by the current hand-over. */
    private Disposable consume() {
        TopicSettings topics = parts.topics();
        StreamProcessor processor = parts.processor();
        return KafkaFlux.receive(() -> ServiceConsumers.create(parts.clients(), parts.service().group(),
                                transactions != null), List.of(topics.events(), topics.labels()), topics.labels(),
                        Duration.ofMillis(100), parts.stopAt(), handover)
                .publishOn(parts.learnerThread(), 64)
                .map(decoder::decode)
                .doOnNext(item -> {
                    processor.handle(item);
                    housekeeping.run();
                })
                .then()
                .subscribe(v -> { }, this::failed, completed);
    }

    /** The group gave this instance {@code partitions} partitions: it may read its topics and group again. */
    private void assigned(int partitions) {
        parts.metrics().assigned(partitions);
        if (refusals > 0) {
            parts.readiness().granted();
        }
    }

    /**
     * Consumption failed: when the cluster refused something (a revoked or missing ACL, expired credentials), the
     * service waits, not ready and saying why, and starts consuming again from what was checkpointed (committed,
     * under exactly-once) after a pause that doubles up to {@link ClusterAccess#LONGEST_PAUSE}; any other failure
     * stops it.
     */
    private void failed(Throwable e) {
        Optional<String> refusal = AccessFailures.reason(e);
        if (refusal.isEmpty() || parts.stopAt().isDone()) {
            LOG.error("event=service_failed error=\"{}\"", e.toString());
            parts.done().completeExceptionally(e);
            return;
        }
        refusals++;
        long pauseS = ClusterAccess.pause(refusals).toSeconds();
        if (!refusal.get().equals(lastRefusal)) {   // logged once per reason; the next tries at debug
            LOG.error("event=cluster_access_refused reason=\"{}\" detail=\"not ready; consuming again in {} s, "
                    + "then at growing pauses up to {} s\"", refusal.get(), pauseS,
                    ClusterAccess.LONGEST_PAUSE.toSeconds());
            lastRefusal = refusal.get();
        } else {
            LOG.debug("event=cluster_access_refused_again pause_s={}", pauseS);
        }
        parts.readiness().refused(refusal.get());   // after the log line, as ClusterAccess does
        parts.learnerThread().schedule(() -> restartFromLastCommit(refusal.get()), pauseS, TimeUnit.SECONDS);
    }

    /**
     * Learner thread: runs a commit; an aborted one sends the instance back to its last commit, or stops it when
     * another instance holds its transactional id.
     */
    private void commit(Runnable commit) {
        try {
            commit.run();
        } catch (TransactionFailedException e) {
            if (e.fatal()) {
                stopFenced(e);
            } else {
                restartFromLastCommit(e.getMessage());
            }
        }
    }

    /**
     * Learner thread: forgets everything since the last commit (under at-least-once: since the last checkpoint) and
     * starts again from it, as a restarted process would: the consumer is closed (its last callbacks ignored), the
     * checkpoint writes already asked for run into the transaction, which is abandoned with its producer (a new one with the same transactional id fences it and
     * has the broker abort it), the partitions and their models are dropped without saving, and a new
     * consumer rejoins the group, restores the partitions it gets from the committed checkpoints and replays up to
     * the committed offsets without publishing again.
     */
    private void restartFromLastCommit(String reason) {
        if (parts.done().isDone() || parts.stopAt().isDone()) {
            return;
        }
        LOG.warn("event=restart_from_last_commit reason=\"{}\"", reason);
        PartitionHandover old = handover;
        old.retire();
        dispose();
        StreamProcessor processor = parts.processor();
        try {
            old.consumerClosed().get(parts.service().shutdownTimeout().toSeconds() + 10, TimeUnit.SECONDS);
            processor.checkpointer().awaitWrites();
            if (transactions != null) {
                transactions.restart(reason);
                parts.store().discardUncommitted();
            }
            processor.checkpointer().drop(processor.partitions().owned());
        } catch (TransactionFailedException e) {
            stopFenced(e);
            return;
        } catch (Exception e) {
            LOG.error("event=service_failed error=\"restart from the last commit failed: {}\"", e.toString());
            parts.done().completeExceptionally(e);
            return;
        }
        handover = newHandover();
        run = consume();
    }

    /** Learner thread: another instance took this one's transactional id (or its rights); this one stops. */
    private void stopFenced(TransactionFailedException e) {
        LOG.error("event=service_fenced error=\"{}\" detail=\"another instance with transactional id {} took "
                + "over; this one stops without committing anything more\"", e.getMessage(),
                transactions.transactionalId());
        handover.retire();
        dispose();
        parts.done().completeExceptionally(e);
    }
}
