package io.nacastream.cli;

import io.nacastream.ingest.kafka.Producers;
import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.publish.SyntheticPublisher;
import io.nacastream.service.config.ServiceConfig;
import io.nacastream.service.config.Settings;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.service.StreamService;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.io.PrintStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code service} command (the deployable, unbounded service: runs until SIGTERM, then stops gracefully) and the
 * {@code synthetic} command (publishes the synthetic gesture stream to the configured topics and exits).
 */
public final class ServiceCommand {

    private ServiceCommand() {
    }

    /** Runs the service until it is stopped; returns the exit code. */
    public static int service(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        ServiceConfig config = ServiceConfig.load(args, env);
        StreamService.validate(Settings.of(config));
        String bootstrap = config.string("bootstrap.servers").trim();
        EmbeddedKafka embedded = null;
        if (bootstrap.isEmpty()) {
            embedded = EmbeddedKafka.start();
            bootstrap = embedded.bootstrapServers();
            out.println("broker: in-process KRaft at " + bootstrap + " (set bootstrap.servers to use a cluster)");
        }
        StreamService service = new StreamService(config, bootstrap, Clock.systemUTC());
        AtomicBoolean stopping = new AtomicBoolean();
        EmbeddedKafka broker = embedded;
        Thread hook = new Thread(() -> {
            stopping.set(true);
            out.println("naca-stream service: stopping (finishing in-flight packets, checkpointing, committing)");
            service.close();
            closeQuietly(broker);
            out.println("naca-stream service: stopped");
            out.flush();
        }, "naca-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
        } catch (Exception e) {
            Runtime.getRuntime().removeShutdownHook(hook);
            service.close();
            closeQuietly(broker);
            throw e;
        }
        out.println("naca-stream service: consuming " + config.string("topic.events") + " + "
                + config.string("topic.labels") + " as group " + config.string("group.id")
                + (service.httpPort() >= 0 ? ", http on port " + service.httpPort() : "") + "; SIGTERM stops it");
        try {
            service.done().join();
        } catch (RuntimeException e) {
            if (!stopping.get()) {
                out.println("naca-stream service failed: " + e.getCause());
                return 1;
            }
        }
        if (stopping.get()) {
            hook.join();   // the JVM is exiting: let the hook finish the graceful stop
        }
        return 0;
    }

    private static void closeQuietly(EmbeddedKafka broker) {
        if (broker != null) {
            try {
                broker.close();
            } catch (Exception e) {
                System.err.println("closing the in-process broker failed: " + e);
            }
        }
    }

    /** Publishes the synthetic gesture stream ({@code synthetic.*} keys) and exits. */
    public static int synthetic(String[] args, Map<String, String> env, PrintStream out) throws Exception {
        ServiceConfig config = ServiceConfig.load(args, env);
        String bootstrap = config.string("bootstrap.servers").trim();
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'bootstrap.servers' must name the broker to "
                    + "publish to");
        }
        String events = config.string("topic.events");
        String labels = config.string("topic.labels");
        KafkaTopics.ensure(bootstrap, List.of(events, labels), config.integer("topic.partitions"));
        List<GestureSession> sessions = SyntheticPublisher.plan(config.longValue("synthetic.seed"),
                config.integer("synthetic.train-subjects"), config.integer("synthetic.test-subjects"),
                config.integer("synthetic.take-ms") * 1000L, config.integer("synthetic.gap-ms") * 1000L);
        try (KafkaProducer<String, byte[]> producer = Producers.create(bootstrap)) {
            SyntheticPublisher.Published p = new SyntheticPublisher(producer, events, labels,
                    config.integer("packet.max-events"), config.longValue("packet.max-us"))
                    .publish(sessions, SensorParameters.dvs128(), config.longValue("synthetic.seed"));
            out.printf("published %,d events in %,d packets (%,d bytes) from %d synthetic sessions to %s%n",
                    p.events(), p.packets(), p.bytes(), p.sessions(), events);
        }
        return 0;
    }
}
