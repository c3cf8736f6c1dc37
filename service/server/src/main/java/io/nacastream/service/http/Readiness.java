package io.nacastream.service.http;

import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.service.kafka.AccessFailures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Whether the service is ready: the broker answers (checked every {@code every} on its own thread), the cluster
 * grants what the service needs (its clients report a refusal here), the consumer group has given this instance its
 * partitions, and the base model was loaded. When not ready, the status says why.
 */
public final class Readiness implements AutoCloseable {

    /**
     * The checks at one moment.
     *
     * @param brokerReachable the broker answered the last check
     * @param joined          the consumer group has assigned this instance its partitions
     * @param modelLoaded     the base model(s) were loaded
     * @param partitions      partitions owned
     * @param reason          why the service is not ready, empty when it is
     */
    public record Status(boolean brokerReachable, boolean joined, boolean modelLoaded, int partitions,
                         Optional<String> reason) {
        /** True when every check passes. */
        public boolean ready() {
            return reason.isEmpty();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final AtomicBoolean broker = new AtomicBoolean();
    private final AtomicReference<String> brokerError =
            new AtomicReference<>("the broker does not answer yet (first check pending)");
    private final AtomicReference<String> refused = new AtomicReference<>();
    private final AtomicBoolean modelLoaded = new AtomicBoolean();
    private final BooleanSupplier joined;
    private final IntSupplier partitions;
    private final Admin admin;
    private final Scheduler thread = Schedulers.newSingle("naca-health", true);
    private final Disposable task;
    private volatile boolean everReachable;

    /** Starts checking the broker {@code clients} connect to every {@code every}. */
    public Readiness(KafkaClientConfig clients, Duration every, BooleanSupplier joined, IntSupplier partitions) {
        this.joined = joined;
        this.partitions = partitions;
        this.admin = KafkaTopics.admin(clients, Map.of(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
        this.task = thread.schedulePeriodically(this::checkBroker, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void checkBroker() {
        boolean reachable;
        String error = "";
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(4000)).clusterId().get(5, TimeUnit.SECONDS);
            reachable = true;
        } catch (Exception e) {
            reachable = false;
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            error = AccessFailures.reason(cause).orElse("the broker does not answer: " + cause);
        }
        brokerError.set(error);
        boolean was = broker.getAndSet(reachable);
        if (was && !reachable) {
            LOG.warn("event=broker_unreachable error=\"{}\" detail=\"not ready; consuming and checkpointing resume "
                    + "when it is back\"", error);
        } else if (!was && reachable && everReachable) {
            LOG.warn("event=broker_reachable_again");
        }
        everReachable |= reachable;
    }

    /** Marks the base model(s) as loaded. */
    public void modelLoaded() {
        modelLoaded.set(true);
    }

    /** The cluster refused the service something ({@code reason} says what): not ready until {@link #granted()}. */
    public void refused(String reason) {
        refused.set(reason);
    }

    /** What the cluster refused is granted now. */
    public void granted() {
        refused.set(null);
    }

    /** The checks now. */
    public Status status() {
        boolean reachable = broker.get();
        boolean member = joined.getAsBoolean();
        boolean loaded = modelLoaded.get();
        String refusal = refused.get();
        Optional<String> reason = refusal != null ? Optional.of(refusal)
                : !reachable ? Optional.of(brokerError.get())
                : !loaded ? Optional.of("the base models are loading")
                : !member ? Optional.of("waiting for the consumer group to assign this instance its partitions")
                : Optional.empty();
        return new Status(reachable, member, loaded, partitions.getAsInt(), reason);
    }

    @Override
    public void close() {
        task.dispose();
        thread.dispose();
        admin.close(Duration.ofSeconds(2));
    }
}
