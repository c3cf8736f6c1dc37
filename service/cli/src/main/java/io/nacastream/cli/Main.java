package io.nacastream.cli;

import io.nacastream.broker.EmbeddedKafka;
import io.nacastream.service.ServiceLearners;
import io.nacastream.service.command.CommandLine;
import io.nacastream.service.command.ConfigCommand;
import io.nacastream.service.command.ServiceCommand;
import io.nacastream.service.config.LearnerSettings;

import java.util.List;

/**
 * Entry point of the all-in-one jar: the main job ({@code java -jar naca-stream.jar [--key=value ...]}), and the
 * {@code service}, {@code synthetic}, {@code publish}, {@code bench} and {@code config} commands; {@code --help} lists them.
 */
public final class Main {

    private Main() {
    }

    /** The all-in-one jar's command line: the main job by default, the service on an in-process broker if need be. */
    public static CommandLine commandLine() {
        return new CommandLine("naca-stream.jar", "naca-stream: online NACA learning on DVS event streams over Kafka",
                new MainJobCommand(), List.of(new ServiceCommand(Main::inProcessBroker, learners()),
                        new SyntheticCommand(), new PublishCommand(), new BenchCommand(), new ConfigCommand()));
    }

    /** Runs the command the arguments name; exits 0 on success, 2 on a configuration error, 1 on a failure. */
    public static void main(String[] args) {
        commandLine().runAndExit(args);
    }

    /** The service's learners in this jar: the lean jar's and BackEISNN, which needs the ND4J only this jar has. */
    public static ServiceLearners learners() {
        return ServiceLearners.lean().with(LearnerSettings.Algorithm.BACKEI, BackEiModels::of);
    }

    private static ServiceCommand.LocalBroker inProcessBroker() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        return new ServiceCommand.LocalBroker(kafka.bootstrapServers(), kafka);
    }
}
