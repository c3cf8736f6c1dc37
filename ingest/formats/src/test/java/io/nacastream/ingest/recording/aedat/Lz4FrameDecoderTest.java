package io.nacastream.ingest.recording.aedat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LZ4 frame decoder on frames written by the reference lz4 tool and by lz4-java, on hand-made dependent blocks,
 * and on damaged and truncated frames.
 *
 * <p>{@code dependent-blocks.lz4} was written by lz4 1.9.4 with {@code lz4 -BD -B4 -BX --content-size} from
 * {@link #content()}: dependent 64 KiB blocks with block and content checksums; its 4 blocks hold one stored
 * (incompressible) block, 631 matches that reach into an earlier block and 91 overlapping matches (offset below 8).
 */
class Lz4FrameDecoderTest {

    private static final int CAP = 64 << 20;

    /** 260,006 bytes: text lines (some with runs), 72,000 pseudo-random bytes, more text lines. */
    static byte[] content() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (out.size() < 60_000) {
            out.writeBytes(line(i++));
        }
        long x = 0x9E3779B97F4A7C15L;
        for (int k = 0; k < 72_000; k++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
            out.write((int) (x >>> 56));
        }
        while (out.size() < 260_000) {
            out.writeBytes(line(i++));
        }
        return out.toByteArray();
    }

    private static byte[] line(int i) {
        String s = "event " + i % 500 + " x=" + i * 7 % 128 + " y=" + i * 13 % 128 + " p=" + i % 2;
        if (i % 50 == 0) {
            s += "=".repeat(i % 37) + "abc".repeat(i % 11);
        }
        return (s + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] reference() throws IOException {
        try (InputStream in = Lz4FrameDecoderTest.class.getResourceAsStream("dependent-blocks.lz4")) {
            return in.readAllBytes();
        }
    }

    private static byte[] decode(byte[] src, int cap) throws IOException {
        Aedat4Compression.Decoded d = Lz4FrameDecoder.decode(src, 0, src.length, new byte[1024], cap);
        return Arrays.copyOfRange(d.bytes(), d.from(), d.to());
    }

    @Test
    void referenceToolsDependentBlocksDecodeExactly() throws IOException {
        byte[] frame = reference();
        assertEquals(0, frame[4] & 0x20, "the fixture must have dependent blocks");
        byte[] expected = content();
        assertEquals(260_006, expected.length);
        assertArrayEquals(expected, decode(frame, CAP));
    }

    @Test
    void independentFramesSkippableFramesAndSeveralFramesInOnePayload() throws IOException {
        byte[] expected = content();
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        payload.writeBytes(lz4Java(expected, LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE,
                LZ4FrameOutputStream.FLG.Bits.BLOCK_CHECKSUM));
        payload.writeBytes(new byte[] {0x5A, 0x2A, 0x4D, 0x18, 3, 0, 0, 0, 9, 9, 9}); // skippable frame
        payload.writeBytes(reference());
        byte[] both = new byte[2 * expected.length];
        System.arraycopy(expected, 0, both, 0, expected.length);
        System.arraycopy(expected, 0, both, expected.length, expected.length);
        assertArrayEquals(both, decode(payload.toByteArray(), CAP));
    }

    @Test
    void handMadeDependentBlocksCopyAcrossBlocksAndOverlap() throws IOException {
        // block 1 stored "abcdefgh"; block 2: a match of `match` bytes at `offset`, then the literal "z"
        assertEquals("abcdefghabcdefghz", ascii(decode(dependentFrame(8, 8), CAP)));
        assertEquals("abcdefghhhhhhhhhhhhhz", ascii(decode(dependentFrame(1, 12), CAP)));
        assertEquals("abcdefghfghfghfghfghz", ascii(decode(dependentFrame(3, 12), CAP)));
        IOException before = assertThrows(IOException.class, () -> decode(dependentFrame(9, 8), CAP));
        assertTrue(before.getMessage().contains("reaches before the start of the frame"), before.getMessage());
        // a second frame may not reach into the first one
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        two.writeBytes(dependentFrame(8, 8));
        two.writeBytes(dependentFrame(12, 8));
        IOException across = assertThrows(IOException.class, () -> decode(two.toByteArray(), CAP));
        assertTrue(across.getMessage().contains("offset 12"), across.getMessage());
    }

    @Test
    void outputBeyondTheCapIsRefused() throws IOException {
        IOException dependent = assertThrows(IOException.class, () -> decode(reference(), 100_000));
        assertTrue(dependent.getMessage().contains("100000"), dependent.getMessage());
        byte[] independent = lz4Java(content(), LZ4FrameOutputStream.FLG.Bits.BLOCK_INDEPENDENCE);
        IOException e = assertThrows(IOException.class, () -> decode(independent, 100_000));
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
    }

    @Test
    void damagedBytesAreDetectedOrHarmless() throws IOException {
        byte[] frame = reference();
        byte[] expected = content();
        SplittableRandom random = new SplittableRandom(7);
        int detected = 0;
        for (int trial = 0; trial < 300; trial++) {
            byte[] damaged = frame.clone();
            int at = trial < 30 ? trial : random.nextInt(frame.length);
            damaged[at] ^= (byte) (1 + random.nextInt(255));
            try {
                // bytes no checksum covers (header checksum, content size) may change without changing the output
                assertArrayEquals(expected, decode(damaged, CAP), "damage at byte " + at + " gave other bytes");
            } catch (IOException e) {
                detected++;
            }
        }
        assertTrue(detected >= 280, detected + " of 300 damaged frames detected");
    }

    @Test
    void everyTruncationIsAnError() throws IOException {
        byte[] frame = reference();
        assertEquals(0, decode(new byte[0], CAP).length, "an empty payload holds no frame");
        for (int length = 1; length < frame.length; length += length < 64 ? 1 : 997) {
            byte[] cut = Arrays.copyOf(frame, length);
            assertThrows(IOException.class, () -> decode(cut, CAP), "cut at " + length);
        }
    }

    /**
     * Fuzz target for the Java (dependent-block) path and the native path: a frame of fuzzed flags whose blocks are
     * fuzzed bytes. Anything but an IOException, or output past the cap, fails. Fuzz with
     * {@code JAZZER_FUZZ=1 mvn -o -pl ingest/formats test -Dtest='Lz4FrameDecoderTest#fuzzedBlocksFailCleanly'}.
     */
    @FuzzTest(maxDuration = "60s")
    void fuzzedBlocksFailCleanly(FuzzedDataProvider data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x04, 0x22, 0x4D, 0x18});
        out.write(0x40 | (data.consumeBoolean() ? 0x20 : 0)); // dependent or independent blocks
        out.writeBytes(new byte[] {0x40, 0x00});
        int blocks = data.consumeInt(0, 4);
        for (int i = 0; i < blocks; i++) {
            byte[] block = data.consumeBytes(data.consumeInt(0, 300));
            boolean stored = data.consumeBoolean();
            int word = data.consumeBoolean() ? data.consumeInt() : block.length | (stored ? 0x8000_0000 : 0);
            out.writeBytes(new byte[] {(byte) word, (byte) (word >>> 8), (byte) (word >>> 16), (byte) (word >>> 24)});
            out.writeBytes(block);
        }
        out.writeBytes(data.consumeBoolean() ? new byte[4] : data.consumeRemainingAsBytes());
        byte[] frame = out.toByteArray();
        int cap = data.consumeInt(1, 4096);
        try {
            Aedat4Compression.Decoded d = Lz4FrameDecoder.decode(frame, 0, frame.length, new byte[16], cap);
            assertTrue(d.to() - d.from() <= cap, "output past the cap");
        } catch (IOException expected) {
            // a clean refusal
        }
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** A dependent frame without checksums: stored "abcdefgh", then a block of one match and the literal "z". */
    private static byte[] dependentFrame(int offset, int match) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x04, 0x22, 0x4D, 0x18, 0x40, 0x40, 0x00}); // magic, FLG dependent, BD 64 KiB, HC
        out.writeBytes(new byte[] {8, 0, 0, (byte) 0x80}); // stored block of 8 bytes
        out.writeBytes("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        byte[] block = {(byte) (match - 4), (byte) offset, (byte) (offset >>> 8), 0x10, 'z'};
        out.writeBytes(new byte[] {(byte) block.length, 0, 0, 0});
        out.writeBytes(block);
        out.writeBytes(new byte[4]); // end mark
        return out.toByteArray();
    }

    private static byte[] lz4Java(byte[] data, LZ4FrameOutputStream.FLG.Bits... bits) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LZ4FrameOutputStream lz4 = new LZ4FrameOutputStream(bytes, LZ4FrameOutputStream.BLOCKSIZE.SIZE_64KB,
                data.length, LZ4Factory.fastestInstance().fastCompressor(), XXHashFactory.fastestInstance().hash32(),
                bits)) {
            lz4.write(data);
        }
        return bytes.toByteArray();
    }
}
