package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.Bytes;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

import java.io.IOException;
import java.util.Arrays;

/**
 * Decodes LZ4 frames (lz4 frame format 1.6) into one contiguous buffer, which handles DV's dependent-block frames
 * (a match may reach into earlier blocks) as well as independent ones. Written here because lz4-java's frame reader
 * rejects dependent blocks and commons-compress' reader, which accepts them, decoded AEDAT 4.0 packets at about
 * 3 MB/s (0.2 M events/s) on our machine. Every length and match offset is checked; output is capped. Block and
 * content checksums are verified with lz4-java's XXH32.
 */
final class Lz4FrameDecoder {

    private static final int MAGIC = 0x184D2204;
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
                    ensure(n + size);
                    System.arraycopy(src, p, out, n, size);
                    n += size;
                } else {
                    n = block(src, p, p + size, n);
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

    /** Decodes one block from {@code src[p, end)} to the output at {@code n}; returns the new output length. */
    private int block(byte[] src, int p, int end, int n) throws IOException {
        while (true) {
            int token = src[p++] & 0xFF;
            int literals = token >>> 4;
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
            ensure(n + (long) literals + SLACK);
            if (literals <= 16 && end - p >= 16) { // short literal runs: two 8-byte moves beat arraycopy
                Bytes.put64le(out, n, Bytes.i64le(src, p));
                Bytes.put64le(out, n + 8, Bytes.i64le(src, p + 8));
            } else {
                System.arraycopy(src, p, out, n, literals);
            }
            p += literals;
            n += literals;
            if (p == end) {
                return n; // the last sequence has literals only
            }
            if (end - p < 2) {
                throw new IOException("truncated LZ4 match offset");
            }
            int offset = (src[p] & 0xFF) | (src[p + 1] & 0xFF) << 8;
            p += 2;
            if (offset == 0 || offset > n) {
                throw new IOException("LZ4 match offset " + offset + " reaches before the start of the output");
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
            ensure(n + (long) match + SLACK);
            byte[] out = this.out;
            int from = n - offset;
            if (offset >= 8) { // 8-byte moves, overshooting into the slack; each source word is already written
                for (int i = 0; i < match; i += 8) {
                    Bytes.put64le(out, n + i, Bytes.i64le(out, from + i));
                }
            } else {
                for (int i = 0; i < match; i++) { // overlapping copy repeats the last `offset` bytes
                    out[n + i] = out[from + i];
                }
            }
            n += match;
        }
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
