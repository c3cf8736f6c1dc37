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
import io.nacastream.service.config.Settings;
import io.nacastream.service.config.SyntheticSettings;
import io.nacastream.service.config.TopicSettings;
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
        Settings settings = Settings.of(config);
        String bootstrap = settings.run().bootstrapServers();
        if (bootstrap.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'bootstrap.servers' must name the broker to "
                    + "publish to");
        }
        TopicSettings topics = settings.topics();
        SyntheticSettings synthetic = settings.synthetic();
        String events = topics.events();
        KafkaTopics.ensure(settings.kafka(), List.of(events, topics.labels()), topics.partitions());
        List<GestureSession> sessions = SyntheticPublisher.plan(synthetic.seed(), synthetic.trainSubjects(),
                synthetic.testSubjects(), synthetic.takeUs(), synthetic.gapUs());
        try (KafkaProducer<String, byte[]> producer = Producers.create(settings.kafka())) {
            SyntheticPublisher.Published p = new SyntheticPublisher(producer, events, topics.labels(),
                    settings.run().packetMaxEvents(), settings.run().packetMaxUs())
                    .publish(sessions, SensorParameters.dvs128(), synthetic.seed());
            context.out().printf("published %,d events in %,d packets (%,d bytes) from %d synthetic sessions to %s%n",
                    p.events(), p.packets(), p.bytes(), p.sessions(), events);
        }
        return CommandRunner.SUCCESS;
    }
}
