package io.nacastream.cli;

import io.nacastream.service.command.CommandContext;
import io.nacastream.service.command.CommandRunner;
import io.nacastream.service.command.ConfiguredCommand;
import io.nacastream.service.config.ServiceConfig;

/** The all-in-one jar's default command: the bounded {@link MainJob}, which ends with a summary. */
public final class MainJobCommand extends ConfiguredCommand {

    /** The main job, named after the program: it runs when no command is named. */
    public MainJobCommand() {
        super("naca-stream", "bounded demo job: synthetic stream in, learn, summary out");
    }

    /** Runs the job to the end of the synthetic stream. */
    @Override
    protected int run(ServiceConfig config, CommandContext context) throws Exception {
        new MainJob(config, context.out(), context.clock()).run();
        return CommandRunner.SUCCESS;
    }
}
