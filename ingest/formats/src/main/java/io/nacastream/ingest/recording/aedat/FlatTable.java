package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventDataException;

/**
 * A bounds-checked view of one FlatBuffer table in a byte array, enough for the few AEDAT 4.0 tables: scalar fields,
 * strings and vectors of structs. Every offset read from the data is checked against [{@code origin}, {@code end})
 * before use; a violation is an {@link EventDataException}.
 */
final class FlatTable {

    private final byte[] b;
    private final int end;
    private final int table;
    private final int vtable;
    private final int vtSize;

    private FlatTable(byte[] b, int end, int table) {
        this.b = b;
        this.end = end;
        this.table = table;
        int vt = table - Bytes.i32le(b, table);
        check(vt >= 0 && vt + 4 <= end, "vtable offset", table);
        this.vtable = vt;
        this.vtSize = Bytes.u16le(b, vt);
        check(vtSize >= 4 && vtSize % 2 == 0 && vt + vtSize <= end, "vtable size " + vtSize, vt);
    }

    /** The root table of the buffer starting at {@code origin}, checking its 4-character identifier. */
    static FlatTable root(byte[] b, int origin, int end, String identifier) {
        if (end - origin < 12 || end > b.length) {
            throw new EventDataException("corrupt FlatBuffer: buffer of " + (end - origin) + " bytes is too short",
                    origin);
        }
        for (int i = 0; i < 4; i++) {
            if (b[origin + 4 + i] != identifier.charAt(i)) {
                throw new EventDataException("FlatBuffer identifier is not " + identifier, origin + 4);
            }
        }
        long t = origin + Integer.toUnsignedLong(Bytes.i32le(b, origin));
        if (t + 4 > end) {
            throw new EventDataException("corrupt FlatBuffer: root table offset", origin);
        }
        return new FlatTable(b, end, (int) t);
    }

    private int field(int i) {
        int slot = 4 + 2 * i;
        if (slot + 2 > vtSize) {
            return 0;
        }
        int o = Bytes.u16le(b, vtable + slot);
        return o == 0 ? 0 : table + o;
    }

    /** Int field {@code i}, or {@code def} when absent. */
    int int32(int i, int def) {
        int at = field(i);
        if (at == 0) {
            return def;
        }
        check(at + 4 <= end, "field " + i, at);
        return Bytes.i32le(b, at);
    }

    /** Long field {@code i}, or {@code def} when absent. */
    long int64(int i, long def) {
        int at = field(i);
        if (at == 0) {
            return def;
        }
        check(at + 8 <= end, "field " + i, at);
        return Bytes.i64le(b, at);
    }

    /** Start of the elements of vector field {@code i} whose elements are {@code elementBytes} long, or -1. */
    int vector(int i, int elementBytes) {
        int at = field(i);
        if (at == 0) {
            return -1;
        }
        check(at + 4 <= end, "field " + i, at);
        long v = at + Integer.toUnsignedLong(Bytes.i32le(b, at));
        check(v + 4 <= end, "vector offset", at);
        long n = Integer.toUnsignedLong(Bytes.i32le(b, (int) v));
        check(v + 4 + n * elementBytes <= end, "vector of " + n + " elements overruns the buffer", (int) v);
        return (int) v + 4;
    }

    /** Length of the vector whose elements start at {@code elements}. */
    int length(int elements) {
        return Bytes.i32le(b, elements - 4);
    }

    /** String field {@code i}, or "" when absent. */
    String string(int i) {
        int start = vector(i, 1);
        return start < 0 ? "" : new String(b, start, length(start), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Fails at {@code at}, or at the table when {@code at} (read from the data) lies beyond the buffer. */
    private void check(boolean ok, String what, int at) {
        if (!ok) {
            throw new EventDataException("corrupt FlatBuffer: " + what, at >= 0 && at < end ? at : table);
        }
    }
}
