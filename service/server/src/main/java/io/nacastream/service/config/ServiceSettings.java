package io.nacastream.service.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the long-running service reads beyond the topics, the model and HTTP: its consumer group, checkpoints, live
 * models, the checks on each stream, shutdown and metrics.
 *
 * @param group           the consumer group ({@code group.*})
 * @param checkpoints     where and how often models are checkpointed ({@code checkpoint.topic/dir/interval-ms})
 * @param models          the stream models kept and what they start from ({@code models.*}, {@code model.*})
 * @param limits          what a stream's packets and labels may do ({@code stream.*}, {@code labels.*})
 * @param shutdownTimeout longest wait to finish in-flight packets and checkpoint on shutdown or hand-over
 * @param metricsEnabled  record Prometheus metrics
 * @param commits         the processing guarantee and how often outputs are committed
 */
public record ServiceSettings(Group group, Checkpoints checkpoints, Models models, StreamLimits limits,
                              Duration shutdownTimeout, boolean metricsEnabled, Commits commits) {

    /**
     * The consumer group.
     *
     * @param id             the group id
     * @param instanceId     the static membership id, if any
     * @param sessionTimeout how long the group waits for a silent instance before moving its partitions
     */
    public record Group(String id, Optional<String> instanceId, Duration sessionTimeout) {
    }

    /**
     * Where and how often models and partition offsets are checkpointed.
     *
     * @param topic    the compacted checkpoint topic, if any
     * @param dir      the directory that also receives every checkpoint, if any
     * @param interval wall time between two checkpoints of every changed model and partition
     */
    public record Checkpoints(Optional<String> topic, Optional<Path> dir, Duration interval) {
    }

    /**
     * The stream models kept in memory and what a new one starts from.
     *
     * @param scope      which streams share a model
     * @param maxLive    most models in memory
     * @param base       the checkpoint file a new stream's model starts from, if any (else a fresh network)
     * @param namedBases named base models by stream-id prefix, {@code prefix=checkpoint-file,...} (empty: none)
     */
    public record Models(ModelScope scope, int maxLive, Optional<Path> base, String namedBases) {
    }

    /**
     * What a stream's packets and labels may do before they are refused.
     *
     * @param maxGapUs           longest jump of a stream's event time between packets, microseconds
     * @param resyncPackets      refused packets in a row that agree on a new timeline before the stream restarts on it
     * @param orphanLabelTimeout wall time a label may wait for its stream's first events
     */
    public record StreamLimits(long maxGapUs, int resyncPackets, Duration orphanLabelTimeout) {
    }

    /** What a consumer of the service's outputs may rely on after a failure. */
    public enum Guarantee {
        /** Outputs, checkpoints and input offsets commit in one transaction per interval: a failure is invisible. */
        EXACTLY_ONCE,
        /** Outputs are sent at once; those made since the last checkpoint are sent again after a crash. */
        AT_LEAST_ONCE
    }

    /**
     * How outputs and input offsets are committed.
     *
     * @param guarantee the processing guarantee ({@code processing.guarantee})
     * @param interval  wall time between two transaction commits ({@code commit.interval-ms})
     * @param transactionTimeout longest a transaction may stay open ({@code commit.transaction-timeout-ms})
     */
    public record Commits(Guarantee guarantee, Duration interval, Duration transactionTimeout) {

        /** True under {@code processing.guarantee=exactly_once}. */
        public boolean exactlyOnce() {
            return guarantee == Guarantee.EXACTLY_ONCE;
        }
    }

    /** The service settings of {@code config}. */
    static ServiceSettings of(ServiceConfig config) {
        return new ServiceSettings(
                new Group(config.string("group.id"), config.optional("group.instance-id"),
                        Duration.ofMillis(config.integer("group.session-timeout-ms"))),
                new Checkpoints(config.optional("checkpoint.topic"), config.optional("checkpoint.dir").map(Path::of),
                        Duration.ofMillis(config.longValue("checkpoint.interval-ms"))),
                new Models(ModelConfigs.choice(config.string("model.scope"), ModelScope.class), config.integer("models.max-live"),
                        config.optional("model.base").map(Path::of), config.string("model.named-bases").trim()),
                new StreamLimits(config.longValue("stream.max-gap-ms") * 1000, config.integer("stream.resync-packets"),
                        Duration.ofSeconds(config.longValue("labels.orphan-timeout-s"))),
                Duration.ofSeconds(config.longValue("shutdown.timeout-s")), config.bool("metrics.enabled"),
                new Commits(ModelConfigs.choice(config.string("processing.guarantee"), Guarantee.class),
                        Duration.ofMillis(config.longValue("commit.interval-ms")),
                        Duration.ofMillis(config.integer("commit.transaction-timeout-ms"))));
    }
}
