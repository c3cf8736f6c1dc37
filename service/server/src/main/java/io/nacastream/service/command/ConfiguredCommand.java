package io.nacastream.service.command;

import io.nacastream.service.config.ServiceConfig;

/**
 * A command whose arguments are the configuration keys ({@code --key=value}): they are loaded, with the environment
 * and the properties file, before it runs, and {@code --help} lists them.
 */
public abstract class ConfiguredCommand extends Command {

    /** A command selected by {@code name} that takes the configuration keys. */
    protected ConfiguredCommand(String name, String description) {
        super(name, "[--key=value ...]", description);
    }

    /** Loads the configuration from the arguments and the environment, then runs with it. */
    @Override
    public final int run(String[] args, CommandContext context) throws Exception {
        return run(ServiceConfig.load(args, context.env()), context);
    }

    /** {@code --help} prints the program's usage, which lists the configuration keys. */
    @Override
    public final boolean hasOwnHelp() {
        return false;
    }

    /** Runs with the loaded configuration and returns the exit code. */
    protected abstract int run(ServiceConfig config, CommandContext context) throws Exception;
}
