package io.nacastream.ingest.event;

/**
 * Guards the time of one sensor stream across its packets. A packet must continue the stream: start no earlier than
 * the stream's last event and no more than {@code maxGapUs} after it, and span at most {@code maxGapUs} itself.
 * A packet that does not is refused. If {@code resyncAfter} refused packets in a row agree on a new timeline (each
 * continues the one before), the clock accepts that timeline: a camera whose clock restarted, or a stream that
 * really paused, goes on after a few refused packets instead of being refused forever. Not thread-safe.
 */
public final class StreamClock {

    /** What to do with a packet. */
    public enum Verdict {
        /** The packet continues the stream. */
        ACCEPT,
        /** The packet starts a new timeline that {@code resyncAfter} packets agree on: reset the stream's state. */
        RESYNC,
        /** The packet starts before the stream's last event. */
        BACKWARDS,
        /** The packet starts too long after the stream's last event, or spans too long. */
        JUMP
    }

    /** No event seen yet. */
    public static final long NEVER = Long.MIN_VALUE;

    private final long maxGapUs;
    private final int resyncAfter;
    private long lastUs;
    private long candidateLastUs = NEVER;
    private int candidatePackets;

    /** A clock whose stream's last event was at {@code lastUs} ({@link #NEVER}: none yet). */
    public StreamClock(long maxGapUs, int resyncAfter, long lastUs) {
        if (maxGapUs < 1 || resyncAfter < 1) {
            throw new IllegalArgumentException("maxGapUs and resyncAfter must be positive");
        }
        this.maxGapUs = maxGapUs;
        this.resyncAfter = resyncAfter;
        this.lastUs = lastUs;
    }

    /** Judges a non-empty packet spanning [firstUs, lastUs] and, unless refused, moves the clock to its end. */
    public Verdict admit(long firstUs, long endUs) {
        boolean spanOk = endUs >= firstUs && within(endUs - firstUs);
        if (spanOk && (lastUs == NEVER || continues(lastUs, firstUs))) {
            lastUs = Math.max(lastUs, endUs);
            candidatePackets = 0;
            return Verdict.ACCEPT;
        }
        Verdict refused = firstUs < lastUs ? Verdict.BACKWARDS : Verdict.JUMP;
        if (!spanOk) {
            return Verdict.JUMP;   // one packet spanning longer than a gap never starts a timeline
        }
        candidatePackets = candidatePackets > 0 && continues(candidateLastUs, firstUs) ? candidatePackets + 1 : 1;
        candidateLastUs = endUs;
        if (candidatePackets >= resyncAfter) {
            lastUs = endUs;
            candidatePackets = 0;
            return Verdict.RESYNC;
        }
        return refused;
    }

    /** Time of the stream's last accepted event, or {@link #NEVER}. */
    public long lastUs() {
        return lastUs;
    }

    /** Why a packet spanning [firstUs, endUs] was just refused with {@code verdict}, for the dead-letter record. */
    public String explain(Verdict verdict, long firstUs, long endUs) {
        long streamLastUs = lastUs;
        return switch (verdict) {
            case BACKWARDS -> "packet starts at " + firstUs + " us, before its stream's last event at " + streamLastUs
                    + " us (time goes backwards; " + resyncAfter + " packets in a row on a new timeline reset the "
                    + "stream)";
            case JUMP -> !(endUs >= firstUs && within(endUs - firstUs))
                    ? "packet spans " + Long.toUnsignedString(endUs - firstUs) + " us, more than the allowed gap of " + maxGapUs + " us"
                    : "packet starts at " + firstUs + " us, " + Long.toUnsignedString(firstUs - streamLastUs) + " us after its stream's "
                    + "last event (more than the allowed gap of " + maxGapUs + " us; " + resyncAfter
                    + " packets in a row on the new timeline reset the stream)";
            default -> verdict.name();
        };
    }

    private boolean continues(long previousUs, long firstUs) {
        return firstUs >= previousUs && within(firstUs - previousUs);
    }

    /** {@code difference} of two ordered longs (so 0 .. 2^64-1, read unsigned) is at most the allowed gap. */
    private boolean within(long difference) {
        return Long.compareUnsigned(difference, maxGapUs) <= 0;
    }
}
