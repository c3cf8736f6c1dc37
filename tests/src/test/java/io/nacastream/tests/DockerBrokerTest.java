package io.nacastream.tests;

import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same end-to-end run against the official apache/kafka image. Skipped where no Docker engine runs, which is
 * why {@link EmbeddedBrokerTest} exists: it is never the only broker test.
 */
@Testcontainers(disabledWithoutDocker = true)
class DockerBrokerTest {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.0");

    @Test
    void mainJobLearnsOnlineAgainstApacheKafkaImage() throws Exception {
        MainJobAssertions.runAndCheck(KAFKA.getBootstrapServers());
    }
}
