package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.ScheduledTake;
import io.nacastream.ingest.synth.SensorParameters;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/**
 * A seeded synthetic gesture corpus rendered and encoded in memory, for benchmarks that must feed several learners
 * the very same spikes: one session per subject (11 takes, one per class), cut into packets as the publisher does
 * (at most 20 ms each) and encoded by the same encoder as the service.
 */
public final class SyntheticCorpus {

    /** One subject's session: its takes and its encoded spike trains in time order. */
    public record Session(GestureSession plan, List<SpikeTrain> trains, long events) {

        /** The spikes of this session within [fromUs, toUs), as one train of stream {@code streamId}. */
        public SpikeTrain cut(long fromUs, long toUs, String streamId, long shiftUs) {
            int n = 0;
            for (SpikeTrain t : trains) {
                for (int k = 0; k < t.size(); k++) {
                    long ts = t.timestampUs(k);
                    n += ts >= fromUs && ts < toUs ? 1 : 0;
                }
            }
            int[] in = new int[n];
            long[] ts = new long[n];
            int i = 0;
            for (SpikeTrain t : trains) {
                for (int k = 0; k < t.size(); k++) {
                    long s = t.timestampUs(k);
                    if (s >= fromUs && s < toUs) {
                        in[i] = t.input(k);
                        ts[i++] = s + shiftUs;
                    }
                }
            }
            return SpikeTrain.of(streamId, in, ts);
        }
    }

    private final List<Session> sessions;
    private final EncoderConfig encoder;

    private SyntheticCorpus(List<Session> sessions, EncoderConfig encoder) {
        this.sessions = sessions;
        this.encoder = encoder;
    }

    /**
     * Renders subjects 1..trainSubjects (learned) and the following testSubjects (held out) from {@code seed}, on all
     * cores, printing progress to {@code progress}.
     */
    public static SyntheticCorpus render(long seed, int trainSubjects, int testSubjects, long takeUs, long gapUs,
                                         EncoderConfig encoder, PrintStream progress) {
        int total = trainSubjects + testSubjects;
        AtomicInteger done = new AtomicInteger();
        Session[] out = new Session[total];
        IntStream.range(0, total).parallel().forEach(i -> {
            GestureSession plan = GestureSession.plan(seed, i + 1, takeUs, gapUs, i < trainSubjects);
            List<SpikeTrain> trains = new ArrayList<>();
            EncoderState state = new EncoderState(encoder);
            SensorParameters sensor = SensorParameters.dvs128();
            PacketAssembler assembler = new PacketAssembler(plan.streamId(), sensor.width(), sensor.height(), 8192,
                    20_000, packet -> trains.add(SpikeEncoder.encode(packet, encoder, state)));
            long events = plan.render(sensor, seed, assembler);
            assembler.flush();
            out[i] = new Session(plan, trains, events);
            int n = done.incrementAndGet();
            if (progress != null) {
                synchronized (progress) {
                    progress.printf("\rrendering synthetic subjects: %d/%d", n, total);
                    if (n == total) {
                        progress.println();
                    }
                }
            }
        });
        return new SyntheticCorpus(List.of(out), encoder);
    }

    /** Every session, learned subjects first. */
    public List<Session> sessions() {
        return sessions;
    }

    /** The encoder configuration the spikes were made with. */
    public EncoderConfig encoder() {
        return encoder;
    }

    /** Raw DVS events rendered. */
    public long events() {
        return sessions.stream().mapToLong(Session::events).sum();
    }

    /** Input spikes after encoding. */
    public long spikes() {
        return sessions.stream().flatMap(s -> s.trains().stream()).mapToLong(SpikeTrain::size).sum();
    }

    /** Every take of the corpus, in session order. */
    public List<ScheduledTake> takes() {
        return sessions.stream().flatMap(s -> s.plan().takes().stream()).toList();
    }

    @Override
    public String toString() {
        return String.format("%d sessions, %,d events, %,d input spikes, takes %s", sessions.size(), events(),
                spikes(), Arrays.toString(sessions.stream().mapToInt(s -> s.plan().takes().size()).toArray()));
    }
}
