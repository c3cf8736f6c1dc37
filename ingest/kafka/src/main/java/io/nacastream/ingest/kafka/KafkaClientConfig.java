package io.nacastream.ingest.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the Kafka cluster is and how every client of one process connects to it: the user's client properties
 * (security, tuning) given as {@code kafka.<property>} for every client and {@code kafka.consumer.<property>},
 * {@code kafka.producer.<property>} or {@code kafka.admin.<property>} for one kind, which wins. They go over the
 * defaults each client is made with; the properties the process must decide itself ({@link #MANAGED}) are refused,
 * and so is a name Kafka does not know, so a typo fails at start instead of being ignored.
 */
public final class KafkaClientConfig {

    /** Prefix of the configuration keys that are Kafka client properties. */
    public static final String PREFIX = "kafka.";

    /** The kinds of client a process makes, each with the properties Kafka defines for it. */
    public enum Kind {
        /** Consumers of the input topics. */
        CONSUMER(ConsumerConfig.configDef()),
        /** Producers of events, outputs, dead letters and checkpoints. */
        PRODUCER(ProducerConfig.configDef()),
        /** Admin clients: topic creation, offsets, the broker health check. */
        ADMIN(AdminClientConfig.configDef());

        private final ConfigDef definition;

        Kind(ConfigDef definition) {
            this.definition = definition;
        }

        /** The prefix of this kind's own keys, e.g. {@code kafka.consumer.}. */
        public String prefix() {
            return PREFIX + name().toLowerCase(Locale.ROOT) + ".";
        }

        boolean knows(String property) {
            return definition.names().contains(property);
        }

        boolean secret(String property) {
            ConfigDef.ConfigKey key = definition.configKeys().get(property);
            return key != null && key.type == ConfigDef.Type.PASSWORD;
        }
    }

    /** Properties the process sets itself, with what decides them instead; a user value for one is refused. */
    public static final Map<String, String> MANAGED = Map.ofEntries(
            Map.entry("bootstrap.servers", "set the configuration key bootstrap.servers"),
            Map.entry("key.serializer", "records are bytes in naca-stream's formats"),
            Map.entry("value.serializer", "records are bytes in naca-stream's formats"),
            Map.entry("key.deserializer", "records are bytes in naca-stream's formats"),
            Map.entry("value.deserializer", "records are bytes in naca-stream's formats"),
            Map.entry("group.id", "set the configuration key group.id"),
            Map.entry("group.instance.id", "set the configuration key group.instance-id"),
            Map.entry("session.timeout.ms", "set the configuration key group.session-timeout-ms"),
            Map.entry("group.protocol", "the service relies on the classic protocol's range assignment"),
            Map.entry("partition.assignment.strategy", "range assignment keeps a stream's labels with its events"),
            Map.entry("enable.auto.commit", "offsets are committed with checkpoints or in transactions"),
            Map.entry("isolation.level", "it follows processing.guarantee"),
            Map.entry("transactional.id", "it is derived from group.id and group.instance-id"),
            Map.entry("transaction.timeout.ms", "set the configuration key commit.transaction-timeout-ms"),
            Map.entry("enable.idempotence", "ordering and exactly-once need idempotent producers"),
            Map.entry("acks", "idempotent producers need acks=all"));

    private final String bootstrap;
    private final Map<String, String> common;
    private final Map<Kind, Map<String, String>> own;

    private KafkaClientConfig(String bootstrap, Map<String, String> common, Map<Kind, Map<String, String>> own) {
        this.bootstrap = bootstrap;
        this.common = common;
        this.own = own;
    }

    /** Clients of the cluster at {@code bootstrap} with no properties of the user's (plaintext, as the defaults). */
    public static KafkaClientConfig plaintext(String bootstrap) {
        return new KafkaClientConfig(bootstrap, Map.of(), new EnumMap<>(Kind.class));
    }

    /**
     * Clients of the cluster at {@code bootstrap} with the user's {@code keys}: every key starts with {@link #PREFIX}
     * (e.g. {@code kafka.security.protocol}, {@code kafka.consumer.max.poll.records}); throws naming the key when a
     * property is unknown to Kafka, unknown to its kind of client, or {@link #MANAGED}.
     */
    public static KafkaClientConfig of(String bootstrap, Map<String, String> keys) {
        Map<String, String> common = new TreeMap<>();
        Map<Kind, Map<String, String>> own = new EnumMap<>(Kind.class);
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String key = e.getKey();
            Kind kind = kindOf(key);
            String property = key.substring(kind == null ? PREFIX.length() : kind.prefix().length());
            check(key, property, kind);
            if (kind == null) {
                common.put(property, e.getValue());
            } else {
                own.computeIfAbsent(kind, k -> new TreeMap<>()).put(property, e.getValue());
            }
        }
        return new KafkaClientConfig(bootstrap, common, own);
    }

    private static Kind kindOf(String key) {
        if (!key.startsWith(PREFIX)) {
            throw new IllegalArgumentException("configuration key '" + key + "' is not a Kafka client property: "
                    + "those start with '" + PREFIX + "'");
        }
        for (Kind k : Kind.values()) {
            if (key.startsWith(k.prefix())) {
                return k;
            }
        }
        return null;
    }

    private static void check(String key, String property, Kind kind) {
        if (MANAGED.containsKey(property)) {
            throw new IllegalArgumentException("configuration key '" + key + "': naca-stream sets the Kafka property "
                    + "'" + property + "' itself (" + MANAGED.get(property) + ")");
        }
        boolean known = kind == null
                ? Kind.CONSUMER.knows(property) || Kind.PRODUCER.knows(property) || Kind.ADMIN.knows(property)
                : kind.knows(property);
        if (!known) {
            throw new IllegalArgumentException("configuration key '" + key + "': '" + property + "' is not a Kafka "
                    + (kind == null ? "client" : kind.name().toLowerCase(Locale.ROOT)) + " property (see "
                    + "https://kafka.apache.org/documentation/#configuration)");
        }
    }

    /** True when {@code key} (e.g. {@code kafka.sasl.jaas.config}) holds a secret: Kafka defines it as a password. */
    public static boolean secret(String key) {
        Kind kind = kindOf(key);
        String property = key.substring(kind == null ? PREFIX.length() : kind.prefix().length());
        return kind == null
                ? Kind.CONSUMER.secret(property) || Kind.PRODUCER.secret(property) || Kind.ADMIN.secret(property)
                : kind.secret(property);
    }

    /** The bootstrap servers. */
    public String bootstrap() {
        return bootstrap;
    }

    /** The same properties for the cluster at {@code otherBootstrap} (e.g. the in-process broker). */
    public KafkaClientConfig at(String otherBootstrap) {
        return new KafkaClientConfig(otherBootstrap, common, own);
    }

    /** True when the user set any property (the clients are not made with the defaults alone). */
    public boolean customised() {
        return !common.isEmpty() || !own.isEmpty();
    }

    /** The value of {@code property} a client of {@code kind} gets from the user, or null. */
    public String property(Kind kind, String property) {
        return own.getOrDefault(kind, Map.of()).getOrDefault(property, common.get(property));
    }

    /**
     * The properties of a client of {@code kind}: {@code defaults}, then the user's common properties this kind
     * knows, then the user's own properties of this kind, then the bootstrap servers.
     */
    public Map<String, Object> properties(Kind kind, Map<String, Object> defaults) {
        Map<String, Object> p = new HashMap<>(defaults);
        common.forEach((k, v) -> {
            if (kind.knows(k)) {
                p.put(k, v);
            }
        });
        p.putAll(own.getOrDefault(kind, Map.of()));
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);   // the same name for every kind
        return p;
    }

    /** The bootstrap servers and the user's properties, secrets shown as {@code [hidden]}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("bootstrap.servers=").append(bootstrap);
        common.forEach((k, v) -> sb.append(", ").append(PREFIX).append(k).append('=')
                .append(secret(PREFIX + k) ? "[hidden]" : v));
        own.forEach((kind, props) -> props.forEach((k, v) -> sb.append(", ").append(kind.prefix()).append(k)
                .append('=').append(secret(kind.prefix() + k) ? "[hidden]" : v)));
        return sb.toString();
    }
}
