package io.nacastream.cli;

import io.nacastream.ingest.kafka.KafkaTopics;
import io.nacastream.ingest.kafka.Producers;
import io.nacastream.ingest.publish.SyntheticPublisher;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.SensorParameters;
import io.nacastream.service.command.CommandContext;
import io.nacastream.service.command.CommandRunner;
import io.nacastream.service.command.ConfiguredCommand;
import io.nacastream.service.config.ServiceConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

import java.util.List;

/** The {@code synthetic} command: publishes the synthetic gesture stream ({@code synthetic.*} keys) and exits. */
public final class SyntheticCommand extends ConfiguredCommand {

    /** The command, selected by {@code synthetic}. */
    public SyntheticCommand() {
        super("synthetic", "publish the synthetic stream and exit");
    }

    /** Publishes the stream to the configured topics, creating them if need be. */
    @Override
    protected int run(ServiceConfig config, CommandContext context) throws Exception {
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
            context.out().printf("published %,d events in %,d packets (%,d bytes) from %d synthetic sessions to %s%n",
                    p.events(), p.packets(), p.bytes(), p.sessions(), events);
        }
        return CommandRunner.SUCCESS;
    }
}
