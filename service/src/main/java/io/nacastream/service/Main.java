package io.nacastream.service;

import java.time.Clock;

/**
 * Command-line entry point: the main job ({@code java -jar naca-stream.jar [--key=value ...] [--help]}), the
 * recording publisher ({@code publish ...}) and the benchmarks ({@code bench ...}).
 */
public final class Main {

    private Main() {
    }

    /** Runs the job; exits 0 on success, 2 on a configuration error, 1 on a failure. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("publish")) {
            int code;
            try {
                code = io.nacastream.service.publish.PublishCommand.run(
                        java.util.Arrays.copyOfRange(args, 1, args.length), System.getenv(), System.in, System.out,
                        System.err);
            } catch (IllegalArgumentException e) {
                System.err.println("configuration error: " + e.getMessage());
                code = 2;
            } catch (Exception e) {
                System.err.println("publish failed: " + e);
                code = 1;
            }
            System.exit(code);
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            int code;
            try {
                code = io.nacastream.service.bench.Bench.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            } catch (IllegalArgumentException e) {
                System.err.println("configuration error: " + e.getMessage());
                code = 2;
            } catch (Exception e) {
                System.err.println("benchmark failed: " + e);
                e.printStackTrace(System.err);
                code = 1;
            }
            System.exit(code);
            return;
        }
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println("naca-stream: online NACA learning on DVS event streams over Kafka");
                System.out.println("usage: java -jar naca-stream.jar [--key=value ...]");
                System.out.println("       java -jar naca-stream.jar publish [options] <recording|directory|-> "
                        + "(see publish --help)");
                System.out.println("       java -jar naca-stream.jar bench <accuracy|continual|hotpath|readers|publish|"
                        + "dvsgesture> ... (see bench --help)");
                System.out.println("Every key can also be set by its environment variable; arguments win.");
                System.out.print(ConfigKey.help(ServiceConfig.KEYS));
                return;
            }
        }
        ServiceConfig config;
        try {
            config = ServiceConfig.of(ServiceConfig.parseArgs(args), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new GestureJob(config, System.out, Clock.systemUTC()).run();
        } catch (Exception e) {
            System.err.println("naca-stream failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
        System.exit(0);
    }
}
