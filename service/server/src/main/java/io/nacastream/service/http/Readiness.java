package io.nacastream.service.http;

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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Whether the service is ready: the broker answers (checked every {@code every} on its own thread), the consumer
 * group has given this instance its partitions, and the base model was loaded.
 */
public final class Readiness implements AutoCloseable {

    /** The checks at one moment. */
    public record Status(boolean brokerReachable, boolean joined, boolean modelLoaded, int partitions) {
        /** True when every check passes. */
        public boolean ready() {
            return brokerReachable && joined && modelLoaded;
        }
    }

    private final AtomicBoolean broker = new AtomicBoolean();
    private final AtomicBoolean modelLoaded = new AtomicBoolean();
    private final BooleanSupplier joined;
    private final IntSupplier partitions;
    private final Admin admin;
    private final Scheduler thread = Schedulers.newSingle("naca-health", true);
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    private final Disposable task;
    private volatile boolean everReachable;

    /** Starts checking the broker at {@code bootstrap} every {@code every}. */
    public Readiness(String bootstrap, Duration every, BooleanSupplier joined, IntSupplier partitions) {
        this.joined = joined;
        this.partitions = partitions;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
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
            error = e.getCause() != null ? e.getCause().toString() : e.toString();
        }
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

    /** The checks now. */
    public Status status() {
        return new Status(broker.get(), joined.getAsBoolean(), modelLoaded.get(), partitions.getAsInt());
    }

    @Override
    public void close() {
        task.dispose();
        thread.dispose();
        admin.close(Duration.ofSeconds(2));
    }
}
