package io.nacastream.service.command;

import io.nacastream.service.ServiceLearners;
import io.nacastream.service.StreamService;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code service} command: the deployable, unbounded service. It runs until SIGTERM, then stops gracefully
 * (finishes in-flight packets, checkpoints, commits) in a shutdown hook.
 */
public final class ServiceCommand extends ConfiguredCommand {

    /** Starts a broker of this process's own, for a service whose {@code bootstrap.servers} is empty. */
    @FunctionalInterface
    public interface BrokerStarter {

        /** Starts the broker and returns where it listens and how to close it. */
        LocalBroker start() throws Exception;
    }

    /** A broker this process started: its bootstrap servers, and {@code handle} closes it. */
    public record LocalBroker(String bootstrapServers, AutoCloseable handle) {
    }

    private final BrokerStarter localBroker;
    private final ServiceLearners learners;

    /** The service running {@code learners}, on {@code localBroker} when {@code bootstrap.servers} is empty. */
    public ServiceCommand(BrokerStarter localBroker, ServiceLearners learners) {
        super("service", "the deployable service (until SIGTERM)");
        this.localBroker = localBroker;
        this.learners = learners;
    }

    /**
     * The lean jar's service: on a cluster only (an empty {@code bootstrap.servers} is a configuration error), running
     * the lean jar's learners.
     */
    public static ServiceCommand clusterOnly() {
        return new ServiceCommand(() -> {
            throw new IllegalArgumentException("configuration key 'bootstrap.servers' is empty: name the Kafka "
                    + "cluster (this jar has no in-process broker; naca-stream.jar service starts one)");
        }, ServiceLearners.lean());
    }

    /** Returns only after a failure, or while SIGTERM shuts the JVM down, so main must not call System.exit then. */
    @Override
    public boolean exitsOnSuccess() {
        return false;
    }

    /** Runs the service until it is stopped; returns 0 after a graceful stop and 1 if it failed while running. */
    @Override
    protected int run(ServiceConfig config, CommandContext context) throws Exception {
        PrintStream out = context.out();
        Settings settings = Settings.of(config);
        StreamService.validate(settings, learners);
        String bootstrap = settings.run().bootstrapServers();
        LocalBroker broker = null;
        if (bootstrap.isEmpty()) {
            broker = localBroker.start();
            bootstrap = broker.bootstrapServers();
            out.println("broker: in-process KRaft at " + bootstrap + " (set bootstrap.servers to use a cluster)");
        }
        StreamService service = StreamService.options().learners(learners)
                .build(config, bootstrap, context.clock());
        AtomicBoolean stopping = new AtomicBoolean();
        LocalBroker started = broker;
        Thread hook = new Thread(() -> {
            stopping.set(true);
            out.println("naca-stream service: stopping (finishing in-flight packets, checkpointing, committing)");
            service.close();
            closeQuietly(started, context.err());
            out.println("naca-stream service: stopped");
            out.flush();
        }, "naca-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
        } catch (Exception e) {
            if (stopping.get()) {   // SIGTERM while waiting for the cluster: the hook stops everything
                hook.join();
                return CommandRunner.SUCCESS;
            }
            Runtime.getRuntime().removeShutdownHook(hook);
            service.close();
            closeQuietly(started, context.err());
            throw e;
        }
        out.println("naca-stream service: consuming " + settings.topics().events() + " + "
                + settings.topics().labels() + " as group " + settings.service().group().id()
                + (service.httpPort() >= 0 ? ", http on port " + service.httpPort() : "") + "; SIGTERM stops it");
        try {
            service.done().join();
        } catch (RuntimeException e) {
            if (!stopping.get()) {
                out.println("naca-stream service failed: " + e.getCause());
                return CommandRunner.FAILURE;
            }
        }
        if (stopping.get()) {
            hook.join();   // the JVM is exiting: let the hook finish the graceful stop
        }
        return CommandRunner.SUCCESS;
    }

    private static void closeQuietly(LocalBroker broker, PrintStream err) {
        if (broker != null) {
            try {
                broker.handle().close();
            } catch (Exception e) {
                err.println("closing the in-process broker failed: " + e);
            }
        }
    }
}
