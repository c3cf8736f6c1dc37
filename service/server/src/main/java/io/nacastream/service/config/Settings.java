package io.nacastream.service.config;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.ingest.kafka.KafkaClientConfig;
import io.nacastream.learner.checkpoint.ModelSchema;
import io.nacastream.learner.energy.EnergyModel;

import java.util.Map;

/**
 * The whole configuration as typed settings, built once from a validated {@link ServiceConfig}; what business code
 * reads instead of looking keys up by name.
 *
 * @param topics    the topics read and written
 * @param encoder   how events become input spikes
 * @param learner   the learner, its NACA network sized for the encoder, and the baselines
 * @param energy    the energy model of the operation counts
 * @param synthetic the synthetic gesture stream
 * @param run       what a bounded run reads: broker, time limit, model output, packets, energy reports
 * @param service   what the long-running service reads: group, checkpoints, models, stream limits, shutdown
 * @param http      the HTTP address and the live dashboard
 * @param kafka     how every Kafka client connects: {@code bootstrap.servers} and the {@code kafka.*} properties
 */
public record Settings(TopicSettings topics, EncoderConfig encoder, LearnerSettings learner, EnergyModel energy,
                       SyntheticSettings synthetic, RunSettings run, ServiceSettings service, HttpSettings http,
                       KafkaClientConfig kafka) {

    /** The settings of {@code config}. */
    public static Settings of(ServiceConfig config) {
        EncoderConfig encoder = ModelConfigs.encoder(config);
        return new Settings(TopicSettings.of(config), encoder, LearnerSettings.of(config, encoder.inputCount()),
                ModelConfigs.energy(config), SyntheticSettings.of(config), RunSettings.of(config),
                ServiceSettings.of(config), HttpSettings.of(config), CrossKeyChecks.kafkaClients(config));
    }

    /** The settings of the defaults alone (no environment, no arguments). */
    public static Settings defaults() {
        return of(ServiceConfig.of(Map.of(), Map.of()));
    }

    /** What the model's inputs and outputs mean, as recorded in its checkpoints. */
    public ModelSchema schema() {
        return new ModelSchema(encoder.grid(), learner.classes());
    }
}
