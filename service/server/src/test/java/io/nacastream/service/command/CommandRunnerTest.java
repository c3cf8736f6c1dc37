package io.nacastream.service.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one mapping of a command's outcome to an exit code and a message. */
class CommandRunnerTest {

    private final Console console = new Console();
    private final CommandRunner runner = new CommandRunner("usage: test [--key=value ...]\n", console.context);

    @Test
    void successReturnsTheCommandsOwnCodeAndPrintsNothingOfItsOwn() {
        FakeCommand command = new FakeCommand("fake", args -> 0);
        assertEquals(0, runner.run(command, new String[] {"--a=1"}));
        assertEquals(List.of("--a=1"), command.received);
        assertEquals("", console.out() + console.err());
        assertEquals(3, runner.run(new FakeCommand("fake", args -> 3), new String[0]), "a command's own non-zero code");
    }

    @Test
    void illegalArgumentIsAConfigurationErrorWithItsMessageOnStandardError() {
        int code = runner.run(new FakeCommand("fake", args -> {
            throw new IllegalArgumentException("configuration key 'x' must be positive");
        }), new String[0]);
        assertEquals(CommandRunner.CONFIGURATION_ERROR, code);
        assertEquals(2, code);
        assertEquals("configuration error: configuration key 'x' must be positive\n", console.err());
        assertEquals("", console.out());
    }

    @Test
    void anyOtherExceptionIsAFailureNamedByTheCommandWithItsStackTrace() {
        FakeCommand command = new FakeCommand("fake", args -> {
            throw new IllegalStateException("broker gone");
        });
        command.label = "benchmark";
        assertEquals(1, runner.run(command, new String[0]));
        assertTrue(console.err().startsWith("benchmark failed: java.lang.IllegalStateException: broker gone\n"),
                console.err());
        assertTrue(console.err().contains("\tat "), "stack trace: " + console.err());
    }

    @Test
    void helpPrintsTheUsageAndSucceedsWithoutRunningTheCommand() {
        for (String help : new String[] {"--help", "-h"}) {
            FakeCommand command = new FakeCommand("fake", args -> 9);
            assertEquals(0, runner.run(command, new String[] {"--a=1", help}));
            assertTrue(command.received.isEmpty(), "not run");
        }
        assertEquals("usage: test [--key=value ...]\nusage: test [--key=value ...]\n", console.out());
    }

    @Test
    void aCommandWithItsOwnHelpGetsTheHelpArgument() {
        FakeCommand command = new FakeCommand("fake", args -> 0);
        command.ownHelp = true;
        assertEquals(0, runner.run(command, new String[] {"--help"}));
        assertEquals(List.of("--help"), command.received);
        assertFalse(console.out().contains("usage"));
    }
}
