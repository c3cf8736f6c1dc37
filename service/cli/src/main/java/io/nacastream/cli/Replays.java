package io.nacastream.cli;

import io.nacastream.ingest.label.LabelSegment;
import io.nacastream.ingest.publish.Progress;
import io.nacastream.ingest.publish.RecordingPublisher;
import io.nacastream.ingest.publish.RecordingReplay;
import io.nacastream.ingest.recording.EventReader;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code publish}'s replay path ({@code --loop}, {@code --labels=cycle:MS}): what it says before and after. */
final class Replays {

    private Replays() {
    }

    /**
     * Replays one recording ({@code name} in messages) as {@code streamId}, printing the plan on {@code err} and the
     * pace on {@code out}.
     */
    static RecordingReplay.Result publish(RecordingReplay replayer, RecordingReplay.Opener opener, String name,
                                          String streamId, ReplayOptions replay, List<LabelSegment> fileLabels,
                                          Progress progress, PrintStream out, PrintStream err)
            throws IOException, InterruptedException {
        RecordingPublisher.Options options = replayer.options();
        EventReader[] first = {opener.open()}; // the first pass reads it: standard input opens only once
        RecordingReplay.Result r;
        try {
            EventReader reader = first[0];
            err.printf(Locale.ROOT, "%s: %s %s, source '%s', %s -> %s as stream %s%s%n", name,
                    reader.info().format().id(), reader.info().geometry(), reader.info().source(),
                    labels(replay, fileLabels), options.eventsTopic(), streamId, replay.loopUs() > 0
                            ? String.format(Locale.ROOT, ", looped for %.3f s of stream time", replay.loopUs() / 1e6)
                            : "");
            RecordingReplay.Opener reuseFirst = () -> {
                EventReader opened = first[0] != null ? first[0] : opener.open();
                first[0] = null;
                return opened;
            };
            r = replayer.publish(reuseFirst, streamId, replay.loopUs(), replay.labels(fileLabels), progress);
        } finally {
            if (first[0] != null) {
                first[0].close();
            }
        }
        double wallS = r.publish().wallNanos() / 1e9;
        double streamS = r.streamUs() / 1e6;
        String looped = r.periodUs() == 0 ? "" : String.format(Locale.ROOT, "%d passes of %.6f s (seam gap %d µs), ",
                r.passes(), r.periodUs() / 1e6, r.gapUs());
        out.printf(Locale.ROOT, "replayed %s: %s%.3f s of stream time in %.3f s of wall time, %.2fx the recording's "
                        + "speed%s%s%n", streamId, looped, streamS, wallS, streamS / wallS,
                pace(options.speed(), streamS, wallS), r.stopped() ? "; STOPPED early by a signal" : "");
        return r;
    }

    private static String labels(ReplayOptions replay, List<LabelSegment> fileLabels) {
        return switch (replay.mode()) {
            case "cycle" -> String.format(Locale.ROOT, "generated labels: %d ms segments cycling through %d classes "
                    + "(arbitrary, for load tests)", replay.cycleUs() / 1000, replay.classes());
            case "file" -> fileLabels.size() + " label segments" + (replay.loopUs() > 0 ? " each pass" : "");
            default -> "no labels";
        };
    }

    /** Whether a paced publish kept the requested speed (within 2 % and 0.1 s). */
    static String pace(double speed, double streamS, double wallS) {
        if (speed <= 0) {
            return "";
        }
        double behindS = wallS - streamS / speed;
        return behindS > 0.1 + 0.02 * streamS / speed
                ? String.format(Locale.ROOT, "; BEHIND the requested %sx by %.3f s: this publisher cannot keep that "
                + "pace here", trim(speed), behindS)
                : String.format(Locale.ROOT, "; kept the requested %sx", trim(speed));
    }

    private static String trim(double speed) {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }
}
