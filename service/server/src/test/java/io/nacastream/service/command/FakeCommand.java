package io.nacastream.service.command;

import java.util.ArrayList;
import java.util.List;

/** A command that records the arguments it ran with and answers with {@link Body}. */
final class FakeCommand extends Command {

    /** What the fake command does with its arguments. */
    interface Body {

        /** Returns the exit code, or throws. */
        int run(String[] args) throws Exception;
    }

    final List<String> received = new ArrayList<>();
    private final Body body;
    String label;
    boolean ownHelp;

    /** A command selected by {@code name} that runs {@code body}. */
    FakeCommand(String name, Body body) {
        super(name, "[--key=value ...]", "the " + name + " command");
        this.body = body;
        this.label = name;
    }

    @Override
    public int run(String[] args, CommandContext context) throws Exception {
        received.addAll(List.of(args));
        return body.run(args);
    }

    @Override
    public boolean hasOwnHelp() {
        return ownHelp;
    }

    @Override
    public String failureLabel() {
        return label;
    }
}
