package io.nacastream.cli;

import io.nacastream.service.config.ConfigKey;
import io.nacastream.service.config.ServiceConfig;
import java.time.Clock;
import java.util.List;

/**
 * Command-line entry point: the main job ({@code java -jar naca-stream.jar [--key=value ...] [--help]}), the
 * recording publisher ({@code publish ...}) and the benchmarks ({@code bench ...}).
 */
public final class Main {

    private Main() {
    }

    private static void printHelp() {
        System.out.println("naca-stream: online NACA learning on DVS event streams over Kafka");
        System.out.println("usage: java -jar naca-stream.jar [--key=value ...]      bounded demo job: synthetic "
                + "stream in, learn, summary out");
        System.out.println("       java -jar naca-stream.jar service [--key=value ...]   the deployable service "
                + "(until SIGTERM)");
        System.out.println("       java -jar naca-stream.jar synthetic [--key=value ...] publish the synthetic "
                + "stream and exit");
        System.out.println("       java -jar naca-stream.jar publish [options] <recording|directory|-> "
                + "| --dataset=ROOT (see publish --help)");
        System.out.println("       java -jar naca-stream.jar bench <accuracy|continual|hotpath|readers|publish|"
                + "dvsgesture|dataset|e2e|scaling|drift> ... (see bench --help)");
        System.out.println("Keys come from --key=value arguments, then environment variables, then the properties "
                + "file named by --config-file=PATH or $" + ServiceConfig.CONFIG_FILE_ENV + ", then defaults.");
        System.out.println("docs/configuration.md lists the same keys.");
        System.out.print(ConfigKey.help(ServiceConfig.KEYS));
    }

    /** Runs the job; exits 0 on success, 2 on a configuration error, 1 on a failure. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("publish")) {
            int code;
            try {
                code = PublishCommand.run(
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
        if (args.length > 0 && (args[0].equals("service") || args[0].equals("synthetic"))) {
            String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
            if (List.of(rest).contains("--help")) {
                printHelp();
                return;
            }
            int code;
            try {
                code = args[0].equals("service") ? ServiceCommand.service(rest, System.getenv(), System.out)
                        : ServiceCommand.synthetic(rest, System.getenv(), System.out);
            } catch (IllegalArgumentException e) {
                System.err.println("configuration error: " + e.getMessage());
                code = 2;
            } catch (Exception e) {
                System.err.println(args[0] + " failed: " + e);
                e.printStackTrace(System.err);
                code = 1;
            }
            if (code != 0 || args[0].equals("synthetic")) {
                System.exit(code);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("bench")) {
            int code;
            try {
                code = io.nacastream.bench.Bench.run(java.util.Arrays.copyOfRange(args, 1, args.length));
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
                printHelp();
                return;
            }
        }
        ServiceConfig config;
        try {
            config = ServiceConfig.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            new MainJob(config, System.out, Clock.systemUTC()).run();
        } catch (Exception e) {
            System.err.println("naca-stream failed: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
        System.exit(0);
    }
}
