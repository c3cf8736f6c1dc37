package io.nacastream.service.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatcher: which command the first argument selects, unknown commands, and the usage. */
class CommandLineTest {

    private final Console console = new Console();
    private final FakeCommand job = new FakeCommand("demo", args -> 0);
    private final FakeCommand service = new FakeCommand("service", args -> 0);
    private final FakeCommand publish = new FakeCommand("publish", args -> 5);
    private final CommandLine line = new CommandLine("demo.jar", "demo: a test program", job,
            List.of(service, publish));

    @Test
    void theFirstArgumentNamesTheCommandAndTheRestAreItsArguments() {
        assertEquals(5, line.execute(new String[] {"publish", "--topic=t", "file"}, console.context));
        assertEquals(List.of("--topic=t", "file"), publish.received);
        assertEquals(0, line.execute(new String[] {"service"}, console.context));
        assertEquals(List.of(), service.received);
        assertTrue(job.received.isEmpty());
    }

    @Test
    void noArgumentsOrAnOptionFirstRunTheDefaultCommand() {
        assertEquals(0, line.execute(new String[0], console.context));
        assertEquals(0, line.execute(new String[] {"--a=1", "--b=2"}, console.context));
        assertEquals(List.of("--a=1", "--b=2"), job.received);
    }

    @Test
    void anUnknownCommandIsAConfigurationErrorNamingTheCommandsEvenWithHelp() {
        for (String[] args : List.of(new String[] {"servce", "--a=1"}, new String[] {"servce", "--help"})) {
            Console c = new Console();
            assertEquals(2, line.execute(args, c.context));
            assertEquals("configuration error: unknown command 'servce': the commands are service, publish, or "
                    + "options starting with '--' (see --help)\n", c.err());
            assertEquals("", c.out());
        }
        assertTrue(job.received.isEmpty() && service.received.isEmpty());
    }

    @Test
    void helpListsEveryCommandWithItsDescriptionThenTheConfigurationKeys() {
        assertEquals(0, line.execute(new String[] {"service", "--help"}, console.context));
        String usage = console.out();
        assertEquals(line.usage(), usage);
        assertTrue(usage.startsWith("demo: a test program\nusage:\n  java -jar demo.jar [--key=value ...]\n"
                + "      the demo command\n  java -jar demo.jar service [--key=value ...]\n      the service command\n"
                + "  java -jar demo.jar publish [--key=value ...]\n      the publish command\n"), usage);
        assertTrue(usage.contains("--bootstrap.servers=<string>"), "the configuration keys: " + usage);
    }

    @Test
    void theDefaultCommandAlsoSelectedByNameIsListedOnce() {
        CommandLine lean = new CommandLine("lean.jar", "lean", service, List.of(service));
        assertEquals(0, lean.execute(new String[] {"service", "--a=1"}, console.context));
        assertEquals(0, lean.execute(new String[] {"--b=2"}, console.context));
        assertEquals(List.of("--a=1", "--b=2"), service.received);
        assertEquals(1, lean.usage().split("java -jar").length - 1, lean.usage());
    }
}
