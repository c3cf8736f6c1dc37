package io.nacastream.ingest.recording;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A streaming byte source with a sliding window buffer, for readers that decode in place: {@link #request(int)}
 * makes bytes available, the reader decodes {@code buffer()[position() .. limit())} and advances
 * {@link #position(int)}. Tracks the absolute offset so every error can name it. Never holds more than the window
 * (1 MiB by default, grown only on explicit request up to {@link #MAX_WINDOW}).
 */
public final class ByteInput implements Closeable {

    /** Default window size. */
    public static final int DEFAULT_WINDOW = 1 << 20;
    /** Largest window a reader may request: 256 MiB. */
    public static final int MAX_WINDOW = 1 << 28;

    private final ReadableByteChannel channel;
    private final String name;
    private final long size;
    private byte[] buf;
    private int pos;
    private int limit;
    private long base;
    private boolean eof;

    /** A source reading {@code channel}; {@code size} is its length in bytes, or -1 when unknown (a pipe). */
    public ByteInput(ReadableByteChannel channel, String name, long size, int window) {
        this.channel = channel;
        this.name = name;
        this.size = size;
        this.buf = new byte[window];
    }

    /** Opens a file. */
    public static ByteInput open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new ByteInput(ch, file.getFileName().toString(), ch.size(), DEFAULT_WINDOW);
    }

    /** Wraps a stream of unknown length (e.g. standard input). */
    public static ByteInput of(InputStream in, String name) {
        return new ByteInput(Channels.newChannel(in), name, -1, DEFAULT_WINDOW);
    }

    /** Wraps bytes already in memory. */
    public static ByteInput of(byte[] bytes, String name) {
        ByteInput in = new ByteInput(null, name, bytes.length, 0);
        in.buf = bytes;
        in.limit = bytes.length;
        in.eof = true;
        return in;
    }

    /** Source name used in error messages. */
    public String name() {
        return name;
    }

    /** The window; valid bytes are {@code [position(), limit())}. */
    public byte[] buffer() {
        return buf;
    }

    /** Index of the next unread byte in {@link #buffer()}. */
    public int position() {
        return pos;
    }

    /** Moves the read position inside the window. */
    public void position(int newPos) {
        pos = newPos;
    }

    /** End of valid bytes in {@link #buffer()}. */
    public int limit() {
        return limit;
    }

    /** Bytes available in the window without reading. */
    public int available() {
        return limit - pos;
    }

    /** Absolute offset of the next unread byte. */
    public long offset() {
        return base + pos;
    }

    /** Total length in bytes, or -1 when unknown. */
    public long size() {
        return size;
    }

    /** Bytes left to read, or {@link Long#MAX_VALUE} when the length is unknown. */
    public long remaining() {
        return size < 0 ? Long.MAX_VALUE : size - offset();
    }

    /**
     * Makes at least {@code n} bytes available, reading and sliding the window as needed; returns false when the
     * source ends first (then {@link #available()} tells how many bytes are left).
     */
    public boolean request(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (n > MAX_WINDOW) {
            throw error("a record of " + n + " bytes exceeds the reader's limit of " + MAX_WINDOW);
        }
        if (eof) {
            return false;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, Math.min(MAX_WINDOW, buf.length * 2))];
            System.arraycopy(buf, pos, bigger, 0, limit - pos);
            buf = bigger;
        } else {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
        }
        base += pos;
        limit -= pos;
        pos = 0;
        ByteBuffer target = ByteBuffer.wrap(buf);
        while (limit < n || (size >= 0 && limit < buf.length / 2)) { // pipes: no waiting for more than asked
            target.limit(buf.length).position(limit);
            int r = channel.read(target);
            if (r < 0) {
                eof = true;
                break;
            }
            limit += r;
            if (r == 0 && limit >= n) {
                break;
            }
        }
        return limit - pos >= n;
    }

    /** Skips {@code n} bytes; returns false when the source ends first. */
    public boolean skip(long n) throws IOException {
        while (n > 0) {
            if (available() == 0 && !request(1)) {
                return false;
            }
            int step = (int) Math.min(n, available());
            pos += step;
            n -= step;
        }
        return true;
    }

    /** True when every byte has been consumed. */
    public boolean atEnd() throws IOException {
        return !request(1);
    }

    /** The next byte without consuming it, or -1 at the end. */
    public int peek() throws IOException {
        return request(1) ? buf[pos] & 0xFF : -1;
    }

    /**
     * Reads one text line ending in LF (a preceding CR is dropped), at most {@code maxBytes} long; a line cut by
     * the end of the source is returned as is.
     */
    public String readLine(int maxBytes) throws IOException {
        long start = offset();
        int len = 0;
        while (true) {
            if (pos + len >= limit) {
                if (!request(len + 1)) {
                    break;
                }
            }
            if (buf[pos + len] == '\n') {
                String line = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
                pos += len + 1;
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            if (++len > maxBytes) {
                throw error(start, "header line longer than " + maxBytes + " bytes");
            }
        }
        String line = new String(buf, pos, len, StandardCharsets.ISO_8859_1);
        pos += len;
        return line;
    }

    /** An exception naming this source and the current offset. */
    public RecordingFormatException error(String problem) {
        return new RecordingFormatException(name, offset(), problem);
    }

    /** An exception naming this source and {@code at}. */
    public RecordingFormatException error(long at, String problem) {
        return new RecordingFormatException(name, at, problem);
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }
}
