package io.nacastream.service.command;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lean jar's command line: the service with or without its name, help, and no in-process broker. */
class ServiceMainTest {

    @Test
    void helpWithOrWithoutTheWordServicePrintsTheLeanUsage() {
        for (String[] args : new String[][] {{"--help"}, {"service", "--help"}, {"-h"}}) {
            Console console = new Console();
            assertEquals(0, ServiceMain.commandLine().execute(args, console.context));
            assertTrue(console.out().startsWith("naca-stream-service: "), console.out());
            assertTrue(console.out().contains("  java -jar naca-stream-service.jar [--key=value ...]\n"
                    + "      the deployable service (until SIGTERM)\n"), console.out());
            assertTrue(console.out().contains("--checkpoint.topic=<string>"), console.out());
        }
    }

    @Test
    void anEmptyBootstrapIsAConfigurationErrorForThereIsNoInProcessBroker() {
        for (String[] args : new String[][] {{}, {"service", "--group.id=g"}}) {
            Console console = new Console();
            assertEquals(2, ServiceMain.commandLine().execute(args, console.context));
            assertTrue(console.err().startsWith("configuration error: configuration key 'bootstrap.servers' is "
                    + "empty: name the Kafka cluster"), console.err());
        }
    }

    @Test
    void backEisnnIsAConfigurationErrorForThisJarHasNoNd4j() {
        Console console = new Console();
        assertEquals(2, ServiceMain.commandLine().execute(new String[] {"--bootstrap.servers=k:9093",
            "--learner.algorithm=backei"}, console.context));
        assertTrue(console.err().startsWith("configuration error: configuration key 'learner.algorithm': this "
                + "service runs naca, drtp, dfa, sbp, not 'backei' (BackEISNN needs ND4J, which only naca-stream.jar "
                + "has: use java -jar naca-stream.jar service)"), console.err());
    }

    @Test
    void otherCommandsAreUnknownHere() {
        Console console = new Console();
        assertEquals(2, ServiceMain.commandLine().execute(new String[] {"synthetic"}, console.context));
        assertTrue(console.err().startsWith("configuration error: unknown command 'synthetic': the commands are "
                + "service"), console.err());
    }

    @Test
    void theConfigCommandPrintsWhatIsInEffectWithSecretsMasked() {
        Console console = new Console();
        assertEquals(0, ServiceMain.commandLine().execute(new String[] {"config", "--bootstrap.servers=k:9093",
            "--kafka.security.protocol=SASL_SSL", "--kafka.ssl.truststore.password=never-printed"},
                console.context));
        assertTrue(console.out().contains("# argument\nkafka.security.protocol=SASL_SSL\n"), console.out());
        assertTrue(console.out().contains("kafka.ssl.truststore.password=[hidden]\n"), console.out());
        assertTrue(!console.out().contains("never-printed") && !console.err().contains("never-printed"));
    }
}
