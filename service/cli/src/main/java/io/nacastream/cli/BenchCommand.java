package io.nacastream.cli;

import io.nacastream.bench.Bench;
import io.nacastream.service.command.Command;
import io.nacastream.service.command.CommandContext;

/** The {@code bench} command: the benchmarks of {@link Bench}, which print to the process's standard output. */
public final class BenchCommand extends Command {

    /** The command, selected by {@code bench}. */
    public BenchCommand() {
        super("bench", "<accuracy|continual|tune|hotpath|readers|publish|dvsgesture|dataset|e2e|scaling|drift> ...",
                "benchmarks (see bench --help)");
    }

    /** Runs one benchmark; {@code bench --help} lists them. */
    @Override
    public int run(String[] args, CommandContext context) throws Exception {
        return Bench.run(args);
    }

    /** A failure reads {@code benchmark failed: ...}. */
    @Override
    public String failureLabel() {
        return "benchmark";
    }
}
