package io.nacastream.ingest.recording.aedat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * AEDAT 4.0 packet compression (IOHeader {@code compression}): each packet payload is one LZ4 or ZSTD frame.
 * LZ4 frames are read by {@link Lz4FrameDecoder}, which handles DV's dependent-block frames, and written with
 * lz4-java (64 KB independent blocks); ZSTD uses zstd-jni. Both libraries are already on Kafka's classpath. Decompression is capped so that a hostile frame cannot exhaust memory.
 */
public enum Aedat4Compression {
    /** Uncompressed packets. */
    NONE(0),
    /** LZ4 frames. */
    LZ4(1),
    /** LZ4 frames at high compression (read like {@link #LZ4}; written like it too). */
    LZ4_HIGH(2),
    /** ZSTD frames. */
    ZSTD(3),
    /** ZSTD frames at high compression. */
    ZSTD_HIGH(4);

    private final int code;

    Aedat4Compression(int code) {
        this.code = code;
    }

    /** Value of the IOHeader field. */
    public int code() {
        return code;
    }

    /** The compression with IOHeader value {@code code}, or null. */
    public static Aedat4Compression of(int code) {
        for (Aedat4Compression c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }

    /** Decompresses {@code [from, from+length)} of {@code in} into {@code out} (grown if needed, up to {@code cap}). */
    Decoded decompress(byte[] in, int from, int length, byte[] out, int cap) throws IOException {
        if (this == NONE) {
            return new Decoded(in, from, from + length);
        }
        if (this == LZ4 || this == LZ4_HIGH) {
            return Lz4FrameDecoder.decode(in, from, length, out, cap);
        }
        try (InputStream s = new ZstdInputStreamNoFinalizer(new ByteArrayInputStream(in, from, length))) {
            int n = 0;
            while (true) {
                if (n == out.length) {
                    if (out.length >= cap) {
                        throw new IOException("decompressed packet exceeds " + cap + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(cap, Math.max(4096L, out.length * 2L)));
                }
                int r = s.read(out, n, out.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return new Decoded(out, 0, n);
        }
    }

    /** Compresses a whole payload into one frame. */
    byte[] compress(byte[] payload) throws IOException {
        switch (this) {
            case NONE -> {
                return payload;
            }
            case ZSTD, ZSTD_HIGH -> {
                return Zstd.compress(payload, this == ZSTD ? 3 : 19);
            }
            default -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length / 2 + 64);
                LZ4Factory lz4Factory = LZ4Factory.fastestInstance();
                try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                        payload.length, this == LZ4 ? lz4Factory.fastCompressor() : lz4Factory.highCompressor(),
                        XXHashFactory.fastestInstance().hash32(), LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                        LZ4FrameOutputStream.FLG.Bits.CONTENT_SIZE)) {
                    lz4.write(payload);
                }
                return bytes.toByteArray();
            }
        }
    }

    /** Decompressed bytes {@code [from, to)} of {@code bytes} (which may be a reused buffer). */
    record Decoded(byte[] bytes, int from, int to) {
    }
}
