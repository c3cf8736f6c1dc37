package io.nacastream.service.command;

import io.nacastream.service.config.ConfigKey;
import io.nacastream.service.config.ServiceConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A program's commands: the first argument names one (the default command runs when there is none, or when it is an
 * option), {@link CommandRunner} runs it, and {@link #runAndExit} ends the JVM with its exit code.
 */
public final class CommandLine {

    private final String jar;
    private final String title;
    private final Command defaultCommand;
    private final Map<String, Command> commands = new LinkedHashMap<>();

    /**
     * The command line of {@code java -jar <jar>}: {@code title} heads the usage, {@code defaultCommand} runs unless
     * the first argument names one of {@code commands} (listed in the usage in this order).
     */
    public CommandLine(String jar, String title, Command defaultCommand, List<Command> commands) {
        this.jar = jar;
        this.title = title;
        this.defaultCommand = defaultCommand;
        for (Command c : commands) {
            this.commands.put(c.name(), c);
        }
    }

    /** Runs the command the arguments name and returns its exit code; never exits the JVM. */
    public int execute(String[] args, CommandContext context) {
        return run(invocation(args), context);
    }

    /** Runs the command with the process's streams, then exits with its code unless it must not exit on success. */
    public void runAndExit(String[] args) {
        Invocation call = invocation(args);
        int code = run(call, CommandContext.system());
        if (code != CommandRunner.SUCCESS || call.command().exitsOnSuccess()) {
            System.exit(code);
        }
    }

    /** The usage: every command with its synopsis and description, then every configuration key. */
    public String usage() {
        StringBuilder sb = new StringBuilder(title).append(System.lineSeparator()).append("usage:")
                .append(System.lineSeparator());
        appendUsage(sb, "", defaultCommand);
        for (Command c : commands.values()) {
            if (c != defaultCommand) {
                appendUsage(sb, c.name() + " ", c);
            }
        }
        sb.append("Keys come from --key=value arguments, then environment variables, then the properties file named "
                + "by --").append(ServiceConfig.CONFIG_FILE_OPTION).append("=PATH or $")
                .append(ServiceConfig.CONFIG_FILE_ENV).append(", then defaults.").append(System.lineSeparator())
                .append("docs/configuration.md lists the same keys.").append(System.lineSeparator())
                .append("Kafka client properties: kafka.<property> for every client, kafka.consumer.<property>, "
                        + "kafka.producer.<property> or kafka.admin.<property> for one kind (env NACA_KAFKA_...), "
                        + "e.g. --kafka.security.protocol=SASL_SSL.").append(System.lineSeparator())
                .append("Any value may be ${env:NAME} or ${file:PATH} (${file:PATH:KEY} for a properties file), "
                        + "so secrets stay off the command line; the config command prints what is in effect, "
                        + "secrets masked.").append(System.lineSeparator());
        return sb.append(ConfigKey.help(ServiceConfig.KEYS)).toString();
    }

    private void appendUsage(StringBuilder sb, String word, Command c) {
        sb.append("  java -jar ").append(jar).append(' ').append(word).append(c.synopsis())
                .append(System.lineSeparator()).append("      ").append(c.description())
                .append(System.lineSeparator());
    }

    private int run(Invocation call, CommandContext context) {
        return new CommandRunner(usage(), context).run(call.command(), call.args());
    }

    private Invocation invocation(String[] args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            return new Invocation(defaultCommand, args);
        }
        Command named = commands.getOrDefault(args[0], new UnknownCommand(args[0], List.copyOf(commands.keySet())));
        return new Invocation(named, Arrays.copyOfRange(args, 1, args.length));
    }

    /** A command and the arguments after its name. */
    private record Invocation(Command command, String[] args) {
    }

    /** What an unknown first argument runs: a configuration error naming the commands, even on --help. */
    private static final class UnknownCommand extends Command {

        private final List<String> known;

        UnknownCommand(String word, List<String> known) {
            super(word, "", "not a command");
            this.known = known;
        }

        @Override
        public int run(String[] args, CommandContext context) {
            throw new IllegalArgumentException("unknown command '" + name() + "': the commands are "
                    + String.join(", ", known) + ", or options starting with '--' (see --help)");
        }
    }
}
