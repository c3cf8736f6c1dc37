package io.nacastream.service.command;

import java.util.List;

/**
 * The one place that turns a command's outcome into an exit code and a message: {@code --help} prints the usage (0),
 * an {@link IllegalArgumentException} is a configuration error (2), any other exception a failure (1), and otherwise
 * the command's own code stands.
 */
public final class CommandRunner {

    /** Exit code of a success, and of {@code --help}. */
    public static final int SUCCESS = 0;
    /** Exit code of a failure. */
    public static final int FAILURE = 1;
    /** Exit code of a configuration error: a bad argument, key or combination. */
    public static final int CONFIGURATION_ERROR = 2;

    private final String usage;
    private final CommandContext context;

    /** A runner that prints {@code usage} on {@code --help} and gives commands {@code context}. */
    public CommandRunner(String usage, CommandContext context) {
        this.usage = usage;
        this.context = context;
    }

    /** Runs {@code command} with {@code args} and returns the exit code, the failure reported on standard error. */
    public int run(Command command, String[] args) {
        if (!command.hasOwnHelp() && asksForHelp(args)) {
            context.out().print(usage);
            return SUCCESS;
        }
        try {
            return command.run(args, context);
        } catch (IllegalArgumentException e) {
            context.err().println("configuration error: " + e.getMessage());
            return CONFIGURATION_ERROR;
        } catch (Exception e) {
            context.err().println(command.failureLabel() + " failed: " + e);
            e.printStackTrace(context.err());
            return FAILURE;
        }
    }

    private static boolean asksForHelp(String[] args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }
}
