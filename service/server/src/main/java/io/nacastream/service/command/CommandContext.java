package io.nacastream.service.command;

import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Map;

/** What a command reads and writes: the environment, the standard streams and the clock, so tests can replace them. */
public record CommandContext(Map<String, String> env, InputStream in, PrintStream out, PrintStream err, Clock clock) {

    /** The process's own environment and standard streams, and the UTC system clock. */
    public static CommandContext system() {
        return new CommandContext(System.getenv(), System.in, System.out, System.err, Clock.systemUTC());
    }
}
