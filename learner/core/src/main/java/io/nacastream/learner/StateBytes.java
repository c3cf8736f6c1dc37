package io.nacastream.learner;

import io.nacastream.ingest.label.LabelSegment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Little-endian bytes of a stream's learner state, as a checkpoint keeps it (docs/checkpoint-format.md, "Stream
 * state"): a growing {@link Writer} and a checked {@link Reader}. The layout is fixed by the model's configuration,
 * so nothing but values is written.
 */
public final class StateBytes {

    private StateBytes() {
    }

    /** A new, empty writer. */
    public static Writer writer() {
        return new Writer();
    }

    /** A reader of {@code bytes}. */
    public static Reader reader(byte[] bytes) {
        return new Reader(bytes);
    }

    /** Appends values, little-endian. */
    public static final class Writer {
        private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

        private Writer() {
        }

        private ByteBuffer room(int bytes) {
            if (buf.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(2 * buf.capacity(), buf.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                bigger.put(buf.array(), 0, buf.position());
                buf = bigger;
            }
            return buf;
        }

        /** A 32-bit int. */
        public Writer putInt(int v) {
            room(4).putInt(v);
            return this;
        }

        /** A 64-bit long. */
        public Writer putLong(long v) {
            room(8).putLong(v);
            return this;
        }

        /** A boolean as one byte. */
        public Writer putBoolean(boolean v) {
            room(1).put((byte) (v ? 1 : 0));
            return this;
        }

        /** Floats, as many as the array holds (its length is not written). */
        public Writer putFloats(float[] a) {
            room(4 * a.length).asFloatBuffer().put(a);
            return skip(4 * a.length);
        }

        /** Doubles, as many as the array holds. */
        public Writer putDoubles(double[] a) {
            room(8 * a.length).asDoubleBuffer().put(a);
            return skip(8 * a.length);
        }

        /** Longs, as many as the array holds. */
        public Writer putLongs(long[] a) {
            room(8 * a.length).asLongBuffer().put(a);
            return skip(8 * a.length);
        }

        /** The first {@code n} ints of {@code a}. */
        public Writer putInts(int[] a, int n) {
            room(4 * n).asIntBuffer().put(a, 0, n);
            return skip(4 * n);
        }

        /** Moves past {@code bytes} just written through a view buffer (which has a position of its own). */
        private Writer skip(int bytes) {
            buf.position(buf.position() + bytes);
            return this;
        }

        /** A label segment of this stream, or none: a flag, then class, start, end and whether it is learnable. */
        public Writer putSegment(LabelSegment s) {
            putBoolean(s != null);
            if (s != null) {
                putInt(s.classId()).putLong(s.startUs()).putLong(s.endUs()).putBoolean(s.learn());
            }
            return this;
        }

        /** A string: its UTF-8 length, then its bytes. */
        public Writer putString(String v) {
            byte[] b = v.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            putInt(b.length);
            room(b.length).put(b);
            return this;
        }

        /** The bytes written so far. */
        public byte[] toBytes() {
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** Reads values back; running past the end, or bytes left over at {@link #end()}, is an error. */
    public static final class Reader {
        private final ByteBuffer buf;

        private Reader(byte[] bytes) {
            buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }

        /** A 32-bit int. */
        public int getInt() {
            return need(4).getInt();
        }

        /** A 64-bit long. */
        public long getLong() {
            return need(8).getLong();
        }

        /** A boolean byte (0 or 1). */
        public boolean getBoolean() {
            byte b = need(1).get();
            if (b != 0 && b != 1) {
                throw new IllegalArgumentException("stream state: bad flag " + b + " at byte " + (buf.position() - 1));
            }
            return b == 1;
        }

        /** Fills {@code a} with floats. */
        public void getFloats(float[] a) {
            need(4L * a.length).asFloatBuffer().get(a);
            buf.position(buf.position() + 4 * a.length);
        }

        /** Fills {@code a} with doubles. */
        public void getDoubles(double[] a) {
            need(8L * a.length).asDoubleBuffer().get(a);
            buf.position(buf.position() + 8 * a.length);
        }

        /** Fills {@code a} with longs. */
        public void getLongs(long[] a) {
            need(8L * a.length).asLongBuffer().get(a);
            buf.position(buf.position() + 8 * a.length);
        }

        /** Reads {@code n} ints into the start of {@code a}. */
        public void getInts(int[] a, int n) {
            need(4L * n).asIntBuffer().get(a, 0, n);
            buf.position(buf.position() + 4 * n);
        }

        /** A string written by {@link Writer#putString}. */
        public String getString() {
            int n = getInt();
            if (n < 0) {
                throw new IllegalArgumentException("stream state: negative string length at byte "
                        + (buf.position() - 4));
            }
            byte[] b = new byte[n];
            need(n).get(b);
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** A label segment of {@code streamId} written by {@link Writer#putSegment}, or null. */
        public LabelSegment getSegment(String streamId) {
            if (!getBoolean()) {
                return null;
            }
            int cls = getInt();
            long start = getLong();
            long end = getLong();
            return new LabelSegment(streamId, cls, start, end, getBoolean());
        }

        /** Checks that every byte was read. */
        public void end() {
            if (buf.hasRemaining()) {
                throw new IllegalArgumentException("stream state: " + buf.remaining() + " bytes left over after "
                        + buf.position() + " (written by another configuration?)");
            }
        }

        /** The buffer, if {@code bytes} more are left; refused as truncated otherwise. */
        private ByteBuffer need(long bytes) {
            if (buf.remaining() < bytes) {
                throw new IllegalArgumentException("stream state: truncated at byte " + buf.position() + " of "
                        + buf.capacity() + ", " + bytes + " more needed (written by another configuration?)");
            }
            return buf;
        }
    }
}
