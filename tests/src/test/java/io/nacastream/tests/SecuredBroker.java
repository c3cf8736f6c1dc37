package io.nacastream.tests;

import io.nacastream.broker.BrokerSecurity;
import io.nacastream.broker.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An in-process broker that authenticates clients (SASL_SSL, SCRAM-SHA-512, certificate of a {@link ThrowawayCa})
 * and denies whatever no ACL allows; ACLs are granted through a super user on the broker's internal listener.
 */
final class SecuredBroker implements AutoCloseable {

    private final ThrowawayCa ca;
    private final EmbeddedKafka kafka;
    private final Admin admin;

    private SecuredBroker(ThrowawayCa ca, EmbeddedKafka kafka) {
        this.ca = ca;
        this.kafka = kafka;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.superUserBootstrap()));
    }

    /** Starts a broker with these SCRAM users (name to password; letters, digits, {@code . _ -}). */
    static SecuredBroker start(Map<String, String> users) throws Exception {
        ThrowawayCa ca = ThrowawayCa.create();
        try {
            return new SecuredBroker(ca, EmbeddedKafka.startSecured(
                    new BrokerSecurity(ca.brokerKeystore(), ca.brokerKeystorePassword(), users)));
        } catch (Exception e) {
            ca.close();
            throw e;
        }
    }

    /** The SASL_SSL address clients (and the service under test) connect to. */
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The internal listener, where a client needs no credentials and may do anything: for setting up only. */
    String superUserBootstrap() {
        return kafka.superUserBootstrap();
    }

    /** An admin client with every right (unauthenticated, on the internal listener): for setting up, not testing. */
    Admin superUser() {
        return admin;
    }

    /** The PKCS12 truststore clients verify the broker's certificate with (it holds only the CA). */
    Path truststore() {
        return ca.truststore();
    }

    /** The truststore's password. */
    String truststorePassword() {
        return ca.truststorePassword();
    }

    /** Client configuration (besides {@code bootstrap.servers}) to connect as {@code user} over SASL_SSL. */
    Map<String, String> clientProperties(String user, String password) {
        return Map.of(
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";",
                "ssl.truststore.type", "PKCS12",
                "ssl.truststore.location", ca.truststore().toString(),
                "ssl.truststore.password", ca.truststorePassword(),
                "ssl.endpoint.identification.algorithm", "https");
    }

    /** Allows {@code user} these operations on a resource from any host; returns once the broker enforces them. */
    void grant(String user, ResourceType type, String name, PatternType pattern, AclOperation... operations)
            throws Exception {
        ResourcePattern resource = new ResourcePattern(type, name, pattern);
        grant(Arrays.stream(operations).map(op -> new AclBinding(resource,
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW))).toList());
    }

    /** Creates these ACLs; returns once the broker lists them all. */
    void grant(Collection<AclBinding> acls) throws Exception {
        admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeAcls(AclBindingFilter.ANY).values().get(30, TimeUnit.SECONDS).containsAll(acls)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ACLs not visible after 30 s: " + acls);
            }
            Thread.sleep(20);
        }
    }

    /** Stops the broker and deletes its data and the CA's stores. */
    @Override
    public void close() throws Exception {
        admin.close();
        try {
            kafka.close();
        } finally {
            ca.close();
        }
    }
}
