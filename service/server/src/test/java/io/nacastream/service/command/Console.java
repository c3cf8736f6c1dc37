package io.nacastream.service.command;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A command context whose standard output and error are kept as text, with no environment and a fixed clock. */
public final class Console {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    public final CommandContext context = new CommandContext(Map.of(), new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    /** What was printed on standard output. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on standard error. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
