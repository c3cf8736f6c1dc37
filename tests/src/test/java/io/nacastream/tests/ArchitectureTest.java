package io.nacastream.tests;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.Arrays;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Architecture rules over every module's main classes: no package cycles, one-way layers, confined Kafka and ND4J. */
@AnalyzeClasses(packages = "io.nacastream",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    private static final String[] JDK = {"java.."};
    private static final String[] VECTOR_API = {"jdk.incubator.vector.."};
    private static final String[] INGEST_CORE = {
        "io.nacastream.ingest.event..", "io.nacastream.ingest.label..", "io.nacastream.ingest.wire.."
    };
    private static final String[] INGEST = {"io.nacastream.ingest.."};
    private static final String[] INGEST_KAFKA = {"io.nacastream.ingest.kafka.."};
    private static final String[] ENCODER = {"io.nacastream.encoder.."};
    private static final String[] LEARNER = {"io.nacastream.learner.."};
    private static final String[] LEARNER_CORE = {
        "io.nacastream.learner", "io.nacastream.learner.naca..", "io.nacastream.learner.rule..",
        "io.nacastream.learner.readout..", "io.nacastream.learner.counts..", "io.nacastream.learner.energy..",
        "io.nacastream.learner.eval..", "io.nacastream.learner.checkpoint..", "io.nacastream.learner.kernel..",
        "io.nacastream.learner.health..", "io.nacastream.learner.sbp.."
    };
    private static final String[] LEARNER_BASELINES = {
        "io.nacastream.learner.bp..", "io.nacastream.learner.backei..", "io.nacastream.learner.npy.."
    };
    private static final String[] SINK = {"io.nacastream.sink.."};
    private static final String[] SERVICE = {"io.nacastream.service.."};
    private static final String[] BROKER = {"io.nacastream.broker.."};
    private static final String[] CLI = {"io.nacastream.cli.."};
    private static final String[] BENCH = {"io.nacastream.bench.."};
    private static final String[] TESTS = {"io.nacastream.tests.."};
    private static final String[] JACKSON_AND_SLF4J = {"com.fasterxml.jackson..", "org.slf4j.."};
    private static final String[] KAFKA_CLIENTS = {"org.apache.kafka.."};
    private static final String[] KAFKA_BROKER = {"kafka..", "org.apache.kafka.server.."};
    private static final String[] REACTOR = {"reactor.."};
    private static final String[] ND4J = {"org.nd4j.."};

    /** No two packages of the project depend on each other, directly or through others. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.nacastream.(**)")
            .should().beFreeOfCycles()
            .because("a package cycle makes its packages one unit that can be neither understood, tested nor split");

    /** Ingest core (events, labels, wire format) uses nothing but itself and the JDK. */
    @ArchTest
    static final ArchRule ingestCoreOnlyJdk = classes().that().resideInAnyPackage(INGEST_CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage(join(INGEST_CORE, JDK))
            .because("every module reads the core event and label types, so they must pull in no library at all");

    /** Nothing in ingest knows a module downstream of it. */
    @ArchTest
    static final ArchRule ingestIsUpstream = noClasses().that().resideInAnyPackage(INGEST)
            .should().dependOnClassesThat()
            .resideInAnyPackage(join(ENCODER, LEARNER, SINK, SERVICE, BROKER, CLI, BENCH))
            .because("data flows one way, ingest -> encoder -> learner -> sink -> service, and ingest comes first");

    /** The encoder uses only itself, ingest core and the JDK. */
    @ArchTest
    static final ArchRule encoderOnlyOnIngestCore = classes().that().resideInAnyPackage(ENCODER)
            .should().onlyDependOnClassesThat().resideInAnyPackage(join(ENCODER, INGEST_CORE, JDK))
            .because("the encoder turns core events into spikes and must not drag formats, transports or learners in");

    /** The learner (core and baselines) knows neither the sink nor anything that deploys it. */
    @ArchTest
    static final ArchRule learnerBelowSink = noClasses().that().resideInAnyPackage(LEARNER)
            .should().dependOnClassesThat().resideInAnyPackage(join(SINK, SERVICE, BROKER, CLI, BENCH))
            .because("the learner is a library that the sink and the service drive, not the other way round");

    /** Learner core uses only itself, the encoder, ingest core, Jackson, slf4j and the JDK. */
    @ArchTest
    static final ArchRule learnerCoreDependencies = classes().that().resideInAnyPackage(LEARNER_CORE)
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage(join(LEARNER_CORE, ENCODER, INGEST_CORE, JACKSON_AND_SLF4J, JDK, VECTOR_API))
            .because("learner core is in every deployment and on the per-event path, so it carries no baseline, "
                    + "file format or transport");

    /** Only the membrane kernel package uses the JDK's incubating Vector API (its scalar fallback runs without it). */
    @ArchTest
    static final ArchRule vectorApiOnlyInTheKernel = noClasses().that()
            .resideOutsideOfPackage("io.nacastream.learner.kernel..")
            .should().dependOnClassesThat().resideInAnyPackage(VECTOR_API)
            .because("the Vector API is an incubator module: a JVM without it must still load every other class");

    /** The sink knows neither the Kafka ingest bridge nor anything that deploys it. */
    @ArchTest
    static final ArchRule sinkBelowService = noClasses().that().resideInAnyPackage(SINK)
            .should().dependOnClassesThat().resideInAnyPackage(join(INGEST_KAFKA, SERVICE, BROKER, CLI, BENCH))
            .because("the sink writes the learner's results and is driven by the service, which alone wires it to "
                    + "the input topics");

    /** The deployed service knows neither the CLI, the benches nor the in-process broker. */
    @ArchTest
    static final ArchRule serviceBelowCliAndBench = noClasses().that().resideInAnyPackage(SERVICE)
            .should().dependOnClassesThat().resideInAnyPackage(join(CLI, BENCH, BROKER))
            .because("the service is deployed on its own against a real Kafka cluster; the CLI, the benches and the "
                    + "embedded broker sit on top of it");

    /** The benches do not reach into the CLI. */
    @ArchTest
    static final ArchRule benchBelowCli = noClasses().that().resideInAnyPackage(BENCH)
            .should().dependOnClassesThat().resideInAnyPackage(CLI)
            .because("the CLI launches the benches, so the benches must not depend on it");

    /** Learner core and the encoder never touch Kafka, Reactor or ND4J. */
    @ArchTest
    static final ArchRule learnerCoreAndEncoderFreeOfKafkaReactorNd4j = noClasses()
            .that().resideInAnyPackage(join(LEARNER_CORE, ENCODER))
            .should().dependOnClassesThat().resideInAnyPackage(join(KAFKA_CLIENTS, REACTOR, ND4J))
            .because("learning must run the same in a unit test, a bench and the service: without a broker, "
                    + "a scheduler or native maths");

    /** ND4J is used only by the learner baselines (backprop, BackEISNN, .npy export) and the benches. */
    @ArchTest
    static final ArchRule nd4jOnlyInBaselinesAndBench = noClasses()
            .that().resideOutsideOfPackages(join(LEARNER_BASELINES, BENCH))
            .should().dependOnClassesThat().resideInAnyPackage(ND4J)
            .because("ND4J unpacks hundreds of MB of natives, so it stays off the per-event path and out of the "
                    + "service");

    /** Only the embedded broker, the benches, the CLI and the tests touch Kafka's broker classes. */
    @ArchTest
    static final ArchRule kafkaBrokerOnlyInBroker = noClasses()
            .that().resideOutsideOfPackages(join(BROKER, BENCH, CLI, TESTS))
            .should().dependOnClassesThat().resideInAnyPackage(KAFKA_BROKER)
            .because("everything else talks to Kafka as a client; an in-process KRaft broker is only for local runs, "
                    + "benches and tests");

    /** Leaves out test-jars (the formats fixtures), which a reactor build at package or later puts on the classpath. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }

    private static String[] join(String[]... groups) {
        return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
    }
}
