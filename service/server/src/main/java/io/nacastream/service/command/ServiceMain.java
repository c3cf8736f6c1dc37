package io.nacastream.service.command;


import java.util.List;

/**
 * Entry point of the lean service jar, {@code java -jar naca-stream-service.jar [service] [--key=value ...]}: the
 * {@code service} command alone, on the Kafka cluster that {@code bootstrap.servers} names. The word {@code service}
 * is optional, as the all-in-one jar needs it.
 */
public final class ServiceMain {

    private ServiceMain() {
    }

    /** The lean jar's command line: {@code service} by default and by name, and {@code config}. */
    public static CommandLine commandLine() {
        ServiceCommand service = ServiceCommand.clusterOnly();
        return new CommandLine("naca-stream-service.jar", "naca-stream-service: the deployable naca-stream service "
                + "alone (no in-process broker, no benchmarks; naca-stream.jar has those)", service, List.of(service, new ConfigCommand()));
    }

    /** Runs the service; exits 2 on a configuration error and 1 on a failure, and stays up until SIGTERM. */
    public static void main(String[] args) {
        commandLine().runAndExit(args);
    }
}
