package io.nacastream.service.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What a run reads: the broker and how often energy is reported (every run, the service's too), and for a bounded
 * run (the main job, the end-to-end benches) how long it may run, where the model goes at its end and how the
 * packets it publishes are cut.
 *
 * @param bootstrapServers   Kafka bootstrap servers; empty: the all-in-one jar starts an in-process broker
 * @param timeout            longest run of the bounded main job
 * @param checkpointPath     where the NACA model's checkpoint is written at the end of the run, if anywhere
 * @param npyDir             where the NACA weights and tables are exported as .npy files, if anywhere
 * @param packetMaxEvents    most events in one published packet
 * @param packetMaxUs        longest time span of one published packet, microseconds
 * @param energyEveryPackets packets between two energy reports
 */
public record RunSettings(String bootstrapServers, Duration timeout, Optional<Path> checkpointPath,
                          Optional<Path> npyDir, int packetMaxEvents, long packetMaxUs, int energyEveryPackets) {

    /** The run settings of {@code config}. */
    static RunSettings of(ServiceConfig config) {
        return new RunSettings(config.string("bootstrap.servers").trim(),
                Duration.ofSeconds(config.longValue("run.timeout-s")),
                config.optional("checkpoint.path").map(Path::of), config.optional("checkpoint.npy-dir").map(Path::of),
                config.integer("packet.max-events"), config.longValue("packet.max-us"),
                config.integer("energy.interval-packets"));
    }

    /** True when the run writes its model out (a checkpoint or .npy files). */
    public boolean savesModel() {
        return checkpointPath.isPresent() || npyDir.isPresent();
    }
}
