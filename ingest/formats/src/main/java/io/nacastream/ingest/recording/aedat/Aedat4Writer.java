package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.event.EventPacket;
import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes AEDAT 4.0 that DV and dv-processing can open: the IOHeader (no FileDataTable, {@code dataTablePosition}
 * = -1) declaring one {@code EVTS} stream 0, then one packet per {@link #write(EventPacket)} call, compressed as
 * chosen. FlatBuffers are laid out by hand with every scalar aligned to its size.
 */
public final class Aedat4Writer implements Closeable {

    private final OutputStream out;
    private final Aedat4Compression compression;

    /** Starts a file for a sensor of {@code geometry} named {@code source}. */
    public Aedat4Writer(OutputStream out, SensorGeometry geometry, String source, Aedat4Compression compression)
            throws IOException {
        this.out = out;
        this.compression = compression;
        String xml = "<dv version=\"2.0\"><node name=\"outInfo\" path=\"/mainloop/Recorder/outInfo/\">"
                + "<node name=\"0\" path=\"/mainloop/Recorder/outInfo/0/\">"
                + "<attr key=\"compression\" type=\"string\">" + compression + "</attr>"
                + "<attr key=\"typeIdentifier\" type=\"string\">EVTS</attr>"
                + "<node name=\"info\" path=\"/mainloop/Recorder/outInfo/0/info/\">"
                + "<attr key=\"sizeX\" type=\"int\">" + geometry.width() + "</attr>"
                + "<attr key=\"sizeY\" type=\"int\">" + geometry.height() + "</attr>"
                + "<attr key=\"source\" type=\"string\">" + escape(source) + "</attr>"
                + "</node></node></node></dv>";
        byte[] header = ioHeader(compression.code(), -1, xml.getBytes(StandardCharsets.UTF_8));
        out.write(Aedat4Reader.MAGIC.getBytes(StandardCharsets.ISO_8859_1));
        byte[] size = new byte[4];
        Bytes.put32le(size, 0, header.length);
        out.write(size);
        out.write(header);
    }

    /** Appends the events of {@code packet} as one packet of stream 0. */
    public void write(EventPacket packet) throws IOException {
        byte[] payload = compression.compress(eventPacket(packet));
        byte[] head = new byte[8];
        Bytes.put32le(head, 4, payload.length);
        out.write(head);
        out.write(payload);
    }

    /** The size-prefixed {@code EVTS} FlatBuffer of a packet (uncompressed packet payload). */
    public static byte[] eventPacket(EventPacket packet) {
        int n = packet.size();
        byte[] b = new byte[32 + Aedat4Reader.EVENT_BYTES * n];
        Bytes.put32le(b, 0, b.length - 4);   // size prefix
        Bytes.put32le(b, 4, 16);              // root table at 20, relative to byte 4
        b[8] = 'E';
        b[9] = 'V';
        b[10] = 'T';
        b[11] = 'S';
        Bytes.put16le(b, 12, 6);              // vtable: 6 bytes
        Bytes.put16le(b, 14, 8);              // table: 8 bytes
        Bytes.put16le(b, 16, 4);              // field 0 at table + 4
        Bytes.put32le(b, 20, 8);              // table at 20, vtable 8 bytes before
        Bytes.put32le(b, 24, 4);              // vector at 28
        Bytes.put32le(b, 28, n);
        for (int i = 0; i < n; i++) {
            int p = 32 + Aedat4Reader.EVENT_BYTES * i;
            Bytes.put64le(b, p, packet.timestampUs(i));
            Bytes.put16le(b, p + 8, packet.x(i));
            Bytes.put16le(b, p + 10, packet.y(i));
            b[p + 12] = (byte) (packet.on(i) ? 1 : 0);
        }
        return b;
    }

    private static byte[] ioHeader(int compression, long dataTablePosition, byte[] xml) {
        int stringAt = 44;
        int length = (stringAt + 4 + xml.length + 1 + 7) & ~7;
        byte[] b = new byte[length];
        Bytes.put32le(b, 0, 24);              // root table
        b[4] = 'I';
        b[5] = 'O';
        b[6] = 'H';
        b[7] = 'E';
        Bytes.put16le(b, 8, 10);              // vtable: 3 fields
        Bytes.put16le(b, 10, 20);             // table size
        Bytes.put16le(b, 12, 4);              // compression at table + 4
        Bytes.put16le(b, 14, 8);              // dataTablePosition at table + 8
        Bytes.put16le(b, 16, 16);             // infoNode at table + 16
        Bytes.put32le(b, 24, 16);             // table at 24, vtable at 8
        Bytes.put32le(b, 28, compression);
        Bytes.put64le(b, 32, dataTablePosition);
        Bytes.put32le(b, 40, stringAt - 40);
        Bytes.put32le(b, stringAt, xml.length);
        System.arraycopy(xml, 0, b, stringAt + 4, xml.length);
        return b;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
