package io.nacastream.ingest.recording;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Allocation-free reads and writes of fixed-width integers in a {@code byte[]}, in either byte order. */
public final class Bytes {

    private static final VarHandle SHORT_LE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {
    }

    /** Little-endian 16-bit value at {@code i}, zero-extended. */
    public static int u16le(byte[] b, int i) {
        return (short) SHORT_LE.get(b, i) & 0xFFFF;
    }

    /** Little-endian signed 16-bit value at {@code i}. */
    public static short i16le(byte[] b, int i) {
        return (short) SHORT_LE.get(b, i);
    }

    /** Big-endian signed 16-bit value at {@code i}. */
    public static short i16be(byte[] b, int i) {
        return (short) SHORT_BE.get(b, i);
    }

    /** Little-endian 32-bit value at {@code i}. */
    public static int i32le(byte[] b, int i) {
        return (int) INT_LE.get(b, i);
    }

    /** Big-endian 32-bit value at {@code i}. */
    public static int i32be(byte[] b, int i) {
        return (int) INT_BE.get(b, i);
    }

    /** Little-endian 64-bit value at {@code i}. */
    public static long i64le(byte[] b, int i) {
        return (long) LONG_LE.get(b, i);
    }

    /** Writes a little-endian 16-bit value at {@code i}. */
    public static void put16le(byte[] b, int i, int v) {
        SHORT_LE.set(b, i, (short) v);
    }

    /** Writes a little-endian 32-bit value at {@code i}. */
    public static void put32le(byte[] b, int i, int v) {
        INT_LE.set(b, i, v);
    }

    /** Writes a big-endian 32-bit value at {@code i}. */
    public static void put32be(byte[] b, int i, int v) {
        INT_BE.set(b, i, v);
    }

    /** Writes a little-endian 64-bit value at {@code i}. */
    public static void put64le(byte[] b, int i, long v) {
        LONG_LE.set(b, i, v);
    }
}
