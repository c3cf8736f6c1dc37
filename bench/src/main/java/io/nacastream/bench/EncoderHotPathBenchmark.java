package io.nacastream.bench;

import io.nacastream.encoder.EncoderConfig;
import io.nacastream.encoder.EncoderState;
import io.nacastream.encoder.SpikeEncoder;
import io.nacastream.encoder.SpikeTrain;
import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.event.PacketAssembler;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.MonotonicTime;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.SensorGeometry;
import io.nacastream.ingest.recording.open.Recordings;
import io.nacastream.ingest.synth.GestureSession;
import io.nacastream.ingest.synth.SensorParameters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH: DVS events per second through the service's encoder with its defaults (denoise filter on sensor pixels,
 * pooling onto the 32×32 grid: 2048 polarity inputs, input refractory period) on one core, as the stream processor calls it
 * ({@link SpikeEncoder#encodeReusing}). Input ({@code sensor}): {@code dvs128}, a synthetic DVS128 gesture session;
 * {@code vga} and {@code hd}, the real 640×480 EVT 2.0 and 1280×720 EVT 3.0 samples ($NACA_SHARED_DATA or
 * ../shared/data/real); cut into packets of {@value #BATCH} events. When the packets run out the stream state is
 * reset in place and they are replayed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class EncoderHotPathBenchmark {

    static final int BATCH = 4096;

    /** The input: {@code dvs128} (synthetic), {@code vga} or {@code hd} (real camera samples). */
    @Param({"dvs128", "vga", "hd"})
    public String sensor;

    private final EncoderConfig config = EncoderConfig.defaults();
    private final EncoderState state = new EncoderState(config);
    private EventPacket[] packets;
    private int next;

    /** Cuts the input into full packets. */
    @Setup
    public void setup() throws IOException {
        List<EventPacket> full = new ArrayList<>();
        java.util.function.Consumer<EventPacket> keep = p -> {
            if (p.size() == BATCH) {
                full.add(p);
            }
        };
        if (sensor.equals("dvs128")) {
            GestureSession session = GestureSession.plan(42, 1, 1_500_000, 250_000, true);
            PacketAssembler assembler = new PacketAssembler("s", 128, 128, BATCH, Long.MAX_VALUE / 4, keep);
            session.render(SensorParameters.dvs128(), 42, assembler);
            assembler.flush();
        } else {
            Path file = Path.of(Bench.sharedData()).resolve(sensor.equals("vga") ? "evt2/evt2_sample.raw"
                    : "evt3/evt3_sample.raw");
            try (EventReader reader = Recordings.open(file, ReadOptions.defaults())) {
                SensorGeometry g = reader.info().geometry();
                PacketAssembler assembler = new PacketAssembler("s", g.width(), g.height(), BATCH,
                        Long.MAX_VALUE / 4, keep);
                new MonotonicTime().pump(reader, assembler);
                assembler.flush();
            }
        }
        packets = full.toArray(EventPacket[]::new);
    }

    /** The encoder on one packet. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public SpikeTrain encoder() {
        if (next == packets.length) {
            next = 0;
            state.reset();
        }
        return SpikeEncoder.encodeReusing(packets[next++], config, state);
    }
}
