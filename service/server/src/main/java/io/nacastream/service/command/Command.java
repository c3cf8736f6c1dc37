package io.nacastream.service.command;

/**
 * One command of a command line: the word that selects it, what may follow it, a one-line description, and a run
 * that returns the exit code. A run reports a configuration error by throwing {@link IllegalArgumentException} and
 * any other failure by throwing anything else; {@link CommandRunner} turns both into the exit code and the message.
 */
public abstract class Command {

    private final String name;
    private final String synopsis;
    private final String description;

    /** A command selected by {@code name}, shown in the usage as {@code name synopsis} and {@code description}. */
    protected Command(String name, String synopsis, String description) {
        this.name = name;
        this.synopsis = synopsis;
        this.description = description;
    }

    /** The word that selects the command ({@code service}); for a program's default command, the program's name. */
    public final String name() {
        return name;
    }

    /** What may follow the name on the command line, e.g. {@code [--key=value ...]}. */
    public final String synopsis() {
        return synopsis;
    }

    /** One line on what the command does. */
    public final String description() {
        return description;
    }

    /** Runs the command with the arguments after its name and returns the exit code. */
    public abstract int run(String[] args, CommandContext context) throws Exception;

    /**
     * True if the command answers {@code --help} itself, as it does unless it is a {@link ConfiguredCommand}, whose
     * {@code --help} prints the program's usage with every configuration key.
     */
    public boolean hasOwnHelp() {
        return true;
    }

    /** What the message of a failure names: {@code <label> failed: ...}. */
    public String failureLabel() {
        return name;
    }

    /**
     * True if the program ends the JVM with {@code System.exit(0)} once the command has succeeded; false for a
     * command that returns only while the JVM is already shutting down (where {@code System.exit} would block).
     */
    public boolean exitsOnSuccess() {
        return true;
    }
}
