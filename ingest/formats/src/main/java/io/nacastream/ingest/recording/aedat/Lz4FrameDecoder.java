package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.Bytes;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes LZ4 frames (lz4 frame format 1.6) into one contiguous buffer, which handles DV's dependent-block frames
 * (a match may reach into earlier blocks of its frame) as well as independent ones. lz4-java's frame reader rejects
 * dependent blocks, so the frame layer is ours. A block that needs no earlier output (every block of an independent
 * frame, and the first block of any frame: all of DV's packets up to 64 KiB) goes to lz4-java's safe block
 * decompressor, native where lz4-java ships a library; later blocks of dependent frames are decoded here in Java.
 * Every length and match offset is checked; output is capped. Block and content checksums are verified with XXH32.
 */
final class Lz4FrameDecoder {

    private static final int MAGIC = 0x184D2204;
    private static final LZ4SafeDecompressor SAFE = LZ4Factory.fastestInstance().safeDecompressor();
    private static final XXHash32 XXH32 = XXHashFactory.fastestInstance().hash32();

    /** Room kept past the output for 8-byte moves that overshoot. */
    private static final int SLACK = 16;

    private final int cap;
    private byte[] out;

    private Lz4FrameDecoder(byte[] out, int cap) {
        this.out = out;
        this.cap = cap;
    }

    /** Decodes the frame(s) in {@code src[from, from+length)} into {@code out} (grown up to {@code cap}). */
    static Aedat4Compression.Decoded decode(byte[] src, int from, int length, byte[] out, int cap) throws IOException {
        Lz4FrameDecoder d = new Lz4FrameDecoder(out, cap);
        int n = d.frames(src, from, length);
        return new Aedat4Compression.Decoded(d.out, 0, n);
    }

    private int frames(byte[] src, int from, int length) throws IOException {
        int p = from;
        int end = from + length;
        int n = 0;
        while (p < end) {
            if (end - p < 7) {
                throw new IOException("truncated LZ4 frame header");
            }
            int magic = Bytes.i32le(src, p);
            if ((magic & 0xFFFF_FFF0) == 0x184D_2A50) { // skippable frame
                long skip = Integer.toUnsignedLong(Bytes.i32le(src, p + 4));
                if (skip > end - p - 8) {
                    throw new IOException("skippable frame overruns the payload");
                }
                p += 8 + (int) skip;
                continue;
            }
            if (magic != MAGIC) {
                throw new IOException(String.format("bad LZ4 frame magic 0x%08X", magic));
            }
            int flg = src[p + 4] & 0xFF;
            if ((flg >>> 6) != 1) {
                throw new IOException("unsupported LZ4 frame version " + (flg >>> 6));
            }
            boolean blockChecksum = (flg & 0x10) != 0;
            boolean contentSize = (flg & 0x08) != 0;
            boolean contentChecksum = (flg & 0x04) != 0;
            boolean dictionary = (flg & 0x01) != 0;
            boolean independent = (flg & 0x20) != 0;
            int bd = (src[p + 5] >>> 4) & 0x07;
            if (bd < 4) {
                throw new IOException("bad LZ4 block maximum size code " + bd);
            }
            int blockMax = 1 << (8 + 2 * bd);
            if (dictionary) {
                throw new IOException("LZ4 frames with a dictionary id are not supported");
            }
            int headerLength = 7 + (contentSize ? 8 : 0);
            if (end - p < headerLength) {
                throw new IOException("truncated LZ4 frame header");
            }
            int frameStart = n;
            p += headerLength; // magic, FLG, BD, [content size], header checksum
            while (true) {
                if (end - p < 4) {
                    throw new IOException("truncated LZ4 frame: no end mark");
                }
                int word = Bytes.i32le(src, p);
                p += 4;
                if (word == 0) {
                    break;
                }
                int size = word & 0x7FFF_FFFF;
                if (size > end - p - (blockChecksum ? 4 : 0)) {
                    throw new IOException("LZ4 block of " + size + " bytes overruns the payload");
                }
                if (blockChecksum && XXH32.hash(src, p, size, 0) != Bytes.i32le(src, p + size)) {
                    throw new IOException("LZ4 block checksum mismatch");
                }
                if (word < 0) { // stored uncompressed
                    if (size > cap - n) {
                        throw new IOException("decompressed packet exceeds " + cap + " bytes");
                    }
                    ensure(n + size);
                    System.arraycopy(src, p, out, n, size);
                    n += size;
                } else if (independent || n == frameStart) {
                    n = nativeBlock(src, p, size, n, blockMax);
                } else {
                    n = block(src, p, p + size, n, frameStart);
                }
                p += size + (blockChecksum ? 4 : 0);
            }
            if (contentChecksum) {
                if (end - p < 4) {
                    throw new IOException("truncated LZ4 frame: no content checksum");
                }
                if (XXH32.hash(out, frameStart, n - frameStart, 0) != Bytes.i32le(src, p)) {
                    throw new IOException("LZ4 content checksum mismatch");
                }
                p += 4;
            }
        }
        return n;
    }

    /**
     * Decodes one dependent block from {@code src[p, end)} to the output at {@code n}, whose matches may reach back
     * to {@code floor} (the start of its frame); returns the new output length.
     * DV's packets average 1.2 literal and 7 match bytes per sequence, so the per-sequence cost is what counts: the
     * common case (short runs, input and output far from their ends) copies 16 bytes unconditionally and checks
     * output room once per run against a cached limit; long runs and the block's tail take the general path.
     */
    private int block(byte[] src, int p, int end, int n, int floor) throws IOException {
        byte[] o = out;
        int limit = o.length - SLACK; // n + run <= limit leaves room for a 16-byte overshoot
        int fastLimit = limit - 16;
        int fastEnd = end - 17; // literals starting here end at least 3 bytes before the block's end
        while (true) {
            int token = src[p++] & 0xFF;
            int literals = token >>> 4;
            if (literals < 15 && p <= fastEnd && n <= fastLimit) {
                // fast path: a match and its offset follow, and both 16-byte moves stay inside the arrays
                Bytes.put64le(o, n, Bytes.i64le(src, p));
                Bytes.put64le(o, n + 8, Bytes.i64le(src, p + 8));
                p += literals;
                n += literals;
            } else {
                if (literals == 15) {
                    int b;
                    do {
                        if (p >= end) {
                            throw new IOException("truncated LZ4 literal length");
                        }
                        b = src[p++] & 0xFF;
                        literals += b;
                    } while (b == 255 && literals < cap);
                }
                if (literals > end - p) {
                    throw new IOException("LZ4 literals overrun the block");
                }
                if (n + literals > limit) {
                    o = grow(n + (long) literals + SLACK);
                    limit = o.length - SLACK;
                    fastLimit = limit - 16;
                }
                System.arraycopy(src, p, o, n, literals);
                p += literals;
                n += literals;
                if (p == end) {
                    return n; // the last sequence has literals only
                }
                if (end - p < 2) {
                    throw new IOException("truncated LZ4 match offset");
                }
            }
            int offset = Short.toUnsignedInt(Bytes.i16le(src, p));
            p += 2;
            if (offset == 0 || offset > n - floor) {
                throw new IOException("LZ4 match offset " + offset + " reaches before the start of the frame");
            }
            int match = (token & 0x0F) + 4;
            if (match == 19) {
                int b;
                do {
                    if (p >= end) {
                        throw new IOException("truncated LZ4 match length");
                    }
                    b = src[p++] & 0xFF;
                    match += b;
                } while (b == 255 && match < cap);
            }
            if (n + match > limit) {
                o = grow(n + (long) match + SLACK);
                limit = o.length - SLACK;
                fastLimit = limit - 16;
            }
            int from = n - offset;
            if (offset >= 8) { // 8-byte moves overshooting into the slack; each source word is already written
                Bytes.put64le(o, n, Bytes.i64le(o, from));
                Bytes.put64le(o, n + 8, Bytes.i64le(o, from + 8));
                for (int i = 16; i < match; i += 8) {
                    Bytes.put64le(o, n + i, Bytes.i64le(o, from + i));
                }
            } else {
                for (int i = 0; i < match; i++) { // overlapping copy repeats the last `offset` bytes
                    o[n + i] = o[from + i];
                }
            }
            n += match;
        }
    }

    /** Decodes one block that stands alone (no match reaches before {@code n}); returns the new output length. */
    private int nativeBlock(byte[] src, int p, int size, int n, int blockMax) throws IOException {
        ensure(Math.min(n + (long) blockMax, cap));
        int room = Math.min(out.length, cap) - n;
        try {
            return n + SAFE.decompress(src, p, size, out, n, room);
        } catch (LZ4Exception e) {
            throw new IOException("corrupt LZ4 block" + (room < blockMax ? " or output past the " + cap
                    + "-byte limit" : "") + ": " + e.getMessage());
        }
    }

    private byte[] grow(long need) throws IOException {
        ensure(need);
        return out;
    }

    private void ensure(long need) throws IOException {
        if (need > out.length) {
            if (need > cap + (long) SLACK) {
                throw new IOException("decompressed packet exceeds " + cap + " bytes");
            }
            out = Arrays.copyOf(out, (int) Math.min(cap + (long) SLACK, Math.max(need, out.length * 2L)));
        }
    }
}
