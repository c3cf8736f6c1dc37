package io.nacastream.encoder;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The memory the encoder keeps for one sensor stream: its geometry and mapping onto the grid (fixed by its first
 * packet), per-pixel times of the denoise and refractory filters, per-input times of the input refractory period,
 * and the scratch arrays
 * {@link SpikeEncoder#encodeReusing} fills. Mutable, owned by one stream; the encoding rules themselves are pure.
 *
 * <p>Pixel times are kept as {@code int} microseconds relative to a base time (4 bytes a pixel and filter, only for
 * the filters that are on and only over the region of interest); the base moves forward every {@value #REBASE_US} µs
 * of stream time, forgetting times older than that, far beyond any filter window.
 */
public final class EncoderState {

    static final int NEVER = Integer.MIN_VALUE;
    /** Stream time after which relative times are re-based. */
    static final long REBASE_US = 1L << 30;

    private final EncoderConfig config;
    private SensorMapping mapping;
    private long baseUs;
    private boolean started;
    int[] supportUs = new int[0];
    int[] lastEventUs = new int[0];
    final int[] lastSpikeUs;
    int[] scratchInputs = new int[0];
    long[] scratchTimes = new long[0];

    /** Fresh state for a stream encoded with {@code config}; its geometry is fixed by its first packet. */
    public EncoderState(EncoderConfig config) {
        this.config = config;
        this.lastSpikeUs = config.inputRefractoryUs() > 0 ? new int[config.inputCount()] : new int[0];
        Arrays.fill(lastSpikeUs, NEVER);
    }

    /** The configuration this state belongs to. */
    public EncoderConfig config() {
        return config;
    }

    /** How the stream's sensor maps onto the grid, or null before its first packet. */
    public SensorMapping mapping() {
        return mapping;
    }

    /**
     * The mapping for a packet from a {@code width × height} sensor of stream {@code streamId}: made at the first
     * packet; later packets must come from the same geometry ({@link GeometryChangedException} otherwise).
     */
    SensorMapping bind(String streamId, int width, int height) {
        if (mapping != null) {
            if (mapping.sensorWidth() != width || mapping.sensorHeight() != height) {
                throw new GeometryChangedException(streamId, width, height, mapping.sensorWidth(),
                        mapping.sensorHeight());
            }
            return mapping;
        }
        SensorMapping m = config.grid().map(width, height);
        int pixels = m.regionWidth() * m.regionHeight();
        supportUs = config.denoiseWindowUs() > 0 ? new int[pixels] : new int[0];
        lastEventUs = config.pixelRefractoryUs() > 0 ? new int[pixels] : new int[0];
        mapping = m;
        reset();
        return m;
    }

    /** Forgets the stream's history, as for a fresh stream, keeping its geometry and without allocating. */
    public void reset() {
        Arrays.fill(supportUs, NEVER);
        Arrays.fill(lastEventUs, NEVER);
        Arrays.fill(lastSpikeUs, NEVER);
        started = false;
    }

    /** {@code t} relative to the base, re-basing (or resetting, if time went far back) when it leaves the range. */
    int relative(long t) {
        if (!started) {
            baseUs = t;
            started = true;
        }
        long d = t - baseUs;
        if (d >= REBASE_US) {
            rebase(t);
            d = 0;
        } else if (d <= -REBASE_US) {
            reset();
            return relative(t);
        }
        return (int) d;
    }

    private void rebase(long t) {
        long shift = t - baseUs;
        baseUs = t;
        shift(supportUs, shift);
        shift(lastEventUs, shift);
        shift(lastSpikeUs, shift);
    }

    private static void shift(int[] times, long shift) {
        for (int i = 0; i < times.length; i++) {
            if (times[i] != NEVER) {
                long v = times[i] - shift;
                times[i] = v <= -REBASE_US ? NEVER : (int) v;
            }
        }
    }

    /**
     * This state as bytes, for a checkpoint (docs/checkpoint-format.md, "Encoder state"): the sensor's geometry (once
     * bound), the base time, and the filters' time maps. Little-endian. The scratch arrays are not part of it.
     */
    public byte[] toBytes() {
        int maps = supportUs.length + lastEventUs.length + lastSpikeUs.length;
        ByteBuffer b = ByteBuffer.allocate(30 + 4 * maps).order(ByteOrder.LITTLE_ENDIAN);   // 18 + 3 lengths
        b.put((byte) (mapping == null ? 0 : 1));
        b.putInt(mapping == null ? 0 : mapping.sensorWidth()).putInt(mapping == null ? 0 : mapping.sensorHeight());
        b.putLong(baseUs).put((byte) (started ? 1 : 0));
        for (int[] map : new int[][] {supportUs, lastEventUs, lastSpikeUs}) {
            b.putInt(map.length);
            b.asIntBuffer().put(map);
            b.position(b.position() + 4 * map.length);
        }
        return b.array();
    }

    /**
     * The state {@link #toBytes()} wrote, for a stream encoded with {@code config}; refused, saying why, if the bytes
     * do not fit that configuration (another grid, other filters) or are cut short.
     */
    public static EncoderState fromBytes(EncoderConfig config, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        EncoderState s = new EncoderState(config);
        try {
            boolean bound = b.get() == 1;
            int width = b.getInt();
            int height = b.getInt();
            if (bound) {
                s.bind("restored", width, height);
            }
            s.baseUs = b.getLong();
            s.started = b.get() == 1;
            for (int[] map : new int[][] {s.supportUs, s.lastEventUs, s.lastSpikeUs}) {
                int n = b.getInt();
                if (n != map.length) {
                    throw new IllegalArgumentException("encoder state holds a map of " + n + " entries where this "
                            + "configuration keeps " + map.length);
                }
                b.asIntBuffer().get(map);
                b.position(b.position() + 4 * n);
            }
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("encoder state cut short at byte " + b.position() + " of "
                    + bytes.length);
        }
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("encoder state has " + b.remaining() + " bytes left over");
        }
        return s;
    }

    /** Bytes of per-pixel and per-input filter state held (per-pixel state only after the first packet). */
    public long stateBytes() {
        return 4L * (supportUs.length + lastEventUs.length + lastSpikeUs.length);
    }
}
