package io.nacastream.broker;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM on free loopback
 * ports, with its log in a temporary directory deleted on close. The same broker code the apache/kafka image runs.
 * It can be stopped and restarted on the same ports and data, to test broker outages.
 *
 * <p>A secured broker ({@link #startSecured}) serves clients on a SASL_SSL listener (SCRAM-SHA-512, deny by default
 * with the StandardAuthorizer) and keeps an internal PLAINTEXT listener, for the broker itself and for test fixtures,
 * whose unauthenticated principal {@code User:ANONYMOUS} is a super user: for tests on loopback only.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final int internalPort;
    private final BrokerSecurity security;
    private final String clusterId = Uuid.randomUuid().toString();
    private KafkaRaftServer server;

    private EmbeddedKafka(BrokerSecurity security) throws IOException {
        this.security = security;
        dir = Files.createTempDirectory("naca-kraft-");
        brokerPort = freePort();
        controllerPort = freePort();
        internalPort = security == null ? brokerPort : freePort();
    }

    /** Formats storage, starts the broker and waits until it answers (at most 60 s). */
    public static EmbeddedKafka start() throws Exception {
        return start(null);
    }

    /** Like {@link #start()}, with a SASL_SSL client listener, SCRAM users and ACLs enforced (see the class doc). */
    public static EmbeddedKafka startSecured(BrokerSecurity security) throws Exception {
        return start(Objects.requireNonNull(security, "security"));
    }

    private static EmbeddedKafka start(BrokerSecurity security) throws Exception {
        EmbeddedKafka kafka = new EmbeddedKafka(security);
        try {
            kafka.startServer();
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** Address clients connect to (the SASL_SSL listener of a secured broker). */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    /** Address of the listener that needs no credentials and may do anything: for test fixtures, not for clients. */
    public String superUserBootstrap() {
        return "127.0.0.1:" + internalPort;
    }

    private Properties props() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", dir.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("message.max.bytes", "8388608");
        if (security != null) {
            secure(p);
        }
        return p;
    }

    private void secure(Properties p) {
        String listeners = "SASL_SSL://127.0.0.1:" + brokerPort + ",PLAINTEXT://127.0.0.1:" + internalPort;
        p.put("listeners", listeners + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listeners);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", security.keystore().toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.password", security.keystorePassword());
        p.put("listener.name.sasl_ssl.ssl.key.password", security.keystorePassword());
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:ANONYMOUS;User:admin");
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    private String[] formatArguments(Path config) {
        List<String> args = new ArrayList<>(List.of("format", "-t", clusterId, "-c", config.toString(),
                "--ignore-formatted"));
        if (security != null) {
            security.scramUsers().forEach((name, password) -> args.addAll(List.of("--add-scram",
                    "SCRAM-SHA-512=[name=" + name + ",password=" + password + "]")));
        }
        return args.toArray(String[]::new);
    }

    private void startServer() throws Exception {
        Path file = dir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props().store(w, null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(formatArguments(file),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting KRaft storage failed: " + out.toString(StandardCharsets.UTF_8));
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(props(), false), Time.SYSTEM);
        server.startup();
        long deadline = System.currentTimeMillis() + 60_000;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, superUserBootstrap()))) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("embedded broker did not become ready in 60 s", e);
                    }
                    Thread.sleep(50);
                }
            }
        }
    }

    /** Shuts the broker down, keeping its data and ports, as a broker outage would (for fault tests). */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts a stopped broker again on the same ports with the same data; waits until it answers. */
    public synchronized void restart() throws Exception {
        if (server == null) {
            startServer();
        }
    }

    @Override
    public void close() throws IOException {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
