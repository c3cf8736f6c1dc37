package io.nacastream.learner.bp;

import io.nacastream.learner.StateBytes;
import io.nacastream.learner.energy.OpCounter;
import io.nacastream.learner.energy.Ops;

/**
 * One stream's input to the backprop baselines: spikes binned into frames of {@code binUs}, and the frame's sparse
 * input vector (the inputs with a non-zero value, binary or an exponential trace over past bins). Not thread-safe.
 */
public final class FrameInput {

    static final long NONE = Long.MIN_VALUE;
    /** A trace below this is dropped from the sparse input (it would change a unit by less than 1 % of a spike). */
    static final float CUT = 0.01f;

    /** Cost per input spike of the once-per-frame check. */
    static final Ops SPIKE_CHECK = Ops.NONE.compares(1).stateReads(1);
    /** Cost of marking an input active in the frame. */
    static final Ops MARK = Ops.NONE.adds(1).stateWrites(2);
    /** Cost per live input of decaying (or, binary, clearing) its trace and dropping it below the cut. */
    static final Ops DECAY = Ops.NONE.macs(1).compares(1).stateReads(2).stateWrites(2);
    /** Cost per frame input of adding its spike to the trace. */
    static final Ops ADD_SPIKE = Ops.NONE.adds(1).compares(1).stateReads(2).stateWrites(3);
    /** Cost of the decay factor of a frame (trace mode). */
    static final Ops FACTOR = Ops.NONE.adds(1).macs(1).exps(1);

    private final long traceUs;
    final float[] x;
    final int[] live;
    int liveCount;
    private final boolean[] inFrame;
    private final int[] frame;
    private int frameCount;
    long binStartUs = NONE;
    private long lastFrameUs = NONE;
    long lastEventUs = NONE;

    /** An input of {@code inputs} channels; {@code traceUs} 0 gives binary frames. */
    public FrameInput(int inputs, long traceUs) {
        this.traceUs = traceUs;
        x = new float[inputs];
        live = new int[inputs];
        inFrame = new boolean[inputs];
        frame = new int[inputs];
    }

    /** Adds a spike of {@code input} to the open frame. */
    public void spike(int input, OpCounter counter) {
        counter.forward(0, SPIKE_CHECK, 1);
        if (!inFrame[input]) {
            inFrame[input] = true;
            frame[frameCount++] = input;
            counter.forward(0, MARK, 1);
        }
    }

    /**
     * Turns the open frame into the input vector: older values decay by exp(-Δ/traceUs) since the previous frame
     * (binary frames: cleared), then each input of the frame adds 1 (binary: is 1).
     */
    public void closeFrame(OpCounter counter) {
        float f = 0f;
        if (traceUs > 0 && lastFrameUs != NONE) {
            f = (float) Math.exp(-(double) (binStartUs - lastFrameUs) / traceUs);
            counter.forward(0, FACTOR, 1);
        }
        int kept = 0;
        for (int i = 0; i < liveCount; i++) {
            int in = live[i];
            float v = x[in] * f;
            if (v >= CUT) {
                x[in] = v;
                live[kept++] = in;
            } else {
                x[in] = 0f;
            }
        }
        counter.forward(0, DECAY, liveCount);
        liveCount = kept;
        for (int i = 0; i < frameCount; i++) {
            int in = frame[i];
            if (x[in] == 0f) {
                live[liveCount++] = in;
            }
            x[in] += 1f;
            inFrame[in] = false;
        }
        counter.forward(0, ADD_SPIKE, frameCount);
        frameCount = 0;
        lastFrameUs = binStartUs;
        binStartUs = NONE;
    }

    /** True when every live input is exactly 1 (binary frames): the first layer then adds weights, not multiplies. */
    public boolean binary() {
        return traceUs == 0;
    }

    /** Start of the last closed frame's bin. */
    public long lastFrameStartUs() {
        return lastFrameUs;
    }

    /** True while a frame is open. */
    public boolean open() {
        return binStartUs != NONE;
    }

    /** Makes this input a copy of {@code o} (the start of a segment's replay); returns the words copied. */
    public long copyFrom(FrameInput o) {
        System.arraycopy(o.x, 0, x, 0, x.length);
        System.arraycopy(o.live, 0, live, 0, o.liveCount);
        liveCount = o.liveCount;
        System.arraycopy(o.inFrame, 0, inFrame, 0, inFrame.length);
        System.arraycopy(o.frame, 0, frame, 0, o.frameCount);
        frameCount = o.frameCount;
        binStartUs = o.binStartUs;
        lastFrameUs = o.lastFrameUs;
        lastEventUs = o.lastEventUs;
        return 2L * x.length + liveCount + frameCount;
    }

    /** Moves the stream's clock to {@code t}; false (the spike is to be skipped) if {@code t} is in the past. */
    public boolean accept(long t) {
        if (t < lastEventUs) {
            return false;
        }
        lastEventUs = t;
        return true;
    }

    /** True if a frame is open and stream time {@code t} is past its bin of {@code binUs}. */
    public boolean due(long t, long binUs) {
        return open() && t >= binStartUs + binUs;
    }

    /** Opens the bin of {@code binUs} holding {@code t}, unless a frame is open. */
    public void openAt(long t, long binUs) {
        if (!open()) {
            binStartUs = Math.floorDiv(t, binUs) * binUs;
        }
    }

    /** Inputs with a non-zero value in the last closed frame. */
    public int liveCount() {
        return liveCount;
    }

    /** The {@code i}-th of them. */
    public int live(int i) {
        return live[i];
    }

    /** Value of input {@code input} in the last closed frame. */
    public float value(int input) {
        return x[input];
    }

    /** Writes this input's state (values, live and open-frame lists, clocks) for a checkpoint. */
    public void write(StateBytes.Writer w) {
        w.putFloats(x).putInt(liveCount).putInts(live, liveCount).putInt(frameCount).putInts(frame, frameCount)
                .putLong(binStartUs).putLong(lastFrameUs).putLong(lastEventUs);
    }

    /** Reads what {@link #write} wrote. */
    public void read(StateBytes.Reader r) {
        r.getFloats(x);
        liveCount = r.getInt();
        r.getInts(live, liveCount);
        java.util.Arrays.fill(inFrame, false);
        frameCount = r.getInt();
        r.getInts(frame, frameCount);
        for (int i = 0; i < frameCount; i++) {
            inFrame[frame[i]] = true;
        }
        binStartUs = r.getLong();
        lastFrameUs = r.getLong();
        lastEventUs = r.getLong();
    }
}
