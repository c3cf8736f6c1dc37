package io.nacastream.cli;

import io.nacastream.service.command.CommandContext;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The all-in-one jar's command line, without running a job: usage, help of commands, errors before any work. */
class MainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final CommandContext context = new CommandContext(Map.of(), new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC());

    @Test
    void helpListsTheMainJobAndEveryCommand() {
        assertEquals(0, Main.commandLine().execute(new String[] {"--help"}, context));
        String usage = out.toString(StandardCharsets.UTF_8);
        assertTrue(usage.startsWith("naca-stream: online NACA learning on DVS event streams over Kafka\nusage:\n"
                + "  java -jar naca-stream.jar [--key=value ...]\n"), usage);
        for (String command : new String[] {"service", "synthetic", "publish", "bench"}) {
            assertTrue(usage.contains("  java -jar naca-stream.jar " + command + " "), command + " in\n" + usage);
        }
        assertTrue(usage.contains("docs/configuration.md lists the same keys."), usage);
    }

    @Test
    void publishAnswersHelpWithItsOwnUsage() {
        assertEquals(0, Main.commandLine().execute(new String[] {"publish", "--help"}, context));
        assertEquals(PublishCommand.USAGE, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownCommandIsAConfigurationError() {
        assertEquals(2, Main.commandLine().execute(new String[] {"serve", "--http.port=0"}, context));
        assertEquals("configuration error: unknown command 'serve': the commands are service, synthetic, publish, "
                + "bench, config, or options starting with '--' (see --help)\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void badKeysAndAMissingBrokerAreConfigurationErrorsBeforeAnyWork() {
        assertEquals(2, Main.commandLine().execute(new String[] {"--no.such.key=1"}, context));
        assertEquals(2, Main.commandLine().execute(new String[] {"synthetic"}, context));
        String text = err.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("configuration error: unknown configuration key 'no.such.key'"), text);
        assertTrue(text.contains("configuration error: configuration key 'bootstrap.servers' must name the broker "
                + "to publish to"), text);
    }
}
