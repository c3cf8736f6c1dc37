package io.nacastream.service.command;

import io.nacastream.service.config.ServiceConfig;

/**
 * The {@code config} command: prints the configuration in effect (arguments, environment, properties file and
 * defaults, with where each value came from), secrets shown as {@code [hidden]}, and exits.
 */
public final class ConfigCommand extends ConfiguredCommand {

    /** The command, selected by {@code config}. */
    public ConfigCommand() {
        super("config", "print the configuration in effect, secrets masked, and exit");
    }

    /** Prints {@link ServiceConfig#dump()}. */
    @Override
    protected int run(ServiceConfig config, CommandContext context) {
        context.out().print(config.dump());
        return CommandRunner.SUCCESS;
    }
}
