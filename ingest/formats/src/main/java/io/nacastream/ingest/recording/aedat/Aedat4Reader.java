package io.nacastream.ingest.recording.aedat;

import io.nacastream.ingest.recording.AbstractEventReader;
import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.Bytes;
import io.nacastream.ingest.recording.EventBatch;
import io.nacastream.ingest.recording.EventDataException;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.RecordingFormatException;
import io.nacastream.ingest.recording.RecordingInfo;
import io.nacastream.ingest.recording.SensorGeometry;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

/**
 * Reads DV's AEDAT 4.0: {@code #!AER-DAT4.0\r\n}, a size-prefixed FlatBuffer IOHeader (compression, data-table
 * position, XML stream description), then packets {@code int32 streamId, int32 size, payload} where the payload is
 * one LZ4/ZSTD frame (or raw bytes) of a size-prefixed {@code EVTS} FlatBuffer of 16-byte events
 * {@code {int64 t, int16 x, int16 y, bool p}}. Only the first event stream is decoded; packets of other streams
 * (IMU, triggers, frames) are skipped without decompressing. Reading stops at the FileDataTable.
 */
public final class Aedat4Reader extends AbstractEventReader {

    /** The 14 bytes every AEDAT 4.0 file starts with. */
    public static final String MAGIC = "#!AER-DAT4.0\r\n";
    static final int MAX_HEADER_BYTES = 16 << 20;
    static final int MAX_PACKET_BYTES = 64 << 20;
    static final int EVENT_BYTES = 16;

    private final Aedat4Compression compression;
    private final long dataTablePosition;
    private final int streamId;
    private final Aedat4PacketDecoder packets;
    private long packetOffset;

    /** Parses the IOHeader of {@code in}. */
    public Aedat4Reader(ByteInput in, ReadOptions options) throws IOException {
        super(in);
        if (!in.request(MAGIC.length() + 4)) {
            throw in.error("truncated before the IOHeader");
        }
        byte[] b = in.buffer();
        int p = in.position();
        if (!new String(b, p, MAGIC.length(), StandardCharsets.ISO_8859_1).equals(MAGIC)) {
            throw in.error("not an AEDAT 4.0 file: missing " + MAGIC.strip());
        }
        long size = Integer.toUnsignedLong(Bytes.i32le(b, p + MAGIC.length()));
        long headerAt = in.offset() + MAGIC.length() + 4;
        if (size > MAX_HEADER_BYTES || size > in.remaining() - MAGIC.length() - 4) {
            throw in.error(MAGIC.length(), "IOHeader claims " + size + " bytes but "
                    + Math.max(0, in.remaining() - 18) + " are left");
        }
        in.position(p + MAGIC.length() + 4);
        if (!in.request((int) size)) {
            throw in.error("truncated inside the IOHeader");
        }
        String xml;
        try {
            FlatTable header = FlatTable.root(in.buffer(), in.position(), in.position() + (int) size, "IOHE");
            int code = header.int32(0, 0);
            compression = Aedat4Compression.of(code);
            if (compression == null) {
                throw in.error(headerAt, "unknown compression type " + code);
            }
            dataTablePosition = header.int64(1, -1);
            packets = new Aedat4PacketDecoder(compression);
            xml = header.string(2);
        } catch (EventDataException e) {
            throw in.error(headerAt + e.index() - in.position(), e.getMessage());
        }
        in.position(in.position() + (int) size);
        Stream stream = eventStream(xml, in, headerAt);
        streamId = stream.id;
        SensorGeometry geometry = options.geometryOr(stream.geometry, in, "no sizeX/sizeY for stream " + stream.id);
        info(new RecordingInfo(RecordingFormat.AEDAT4, geometry, stream.source, List.of(
                "compression " + compression, "event stream " + streamId, "data table at " + dataTablePosition)));
    }

    private record Stream(int id, SensorGeometry geometry, String source) {
    }

    /** Finds the first stream whose typeIdentifier is EVTS in the infoNode XML. */
    private static Stream eventStream(String xml, ByteInput in, long at) throws RecordingFormatException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder parser = f.newDocumentBuilder();
            parser.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // report through our exception only
            doc = parser.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw in.error(at, "IOHeader infoNode is not valid XML: " + e.getMessage());
        }
        List<Element> streams = new ArrayList<>();
        for (Element top : children(doc.getDocumentElement(), "node")) {
            if ("outInfo".equals(top.getAttribute("name"))) {
                streams.addAll(children(top, "node"));
            }
        }
        for (Element s : streams) {
            if (!"EVTS".equals(attr(s, "typeIdentifier"))) {
                continue;
            }
            int id;
            try {
                id = Integer.parseInt(s.getAttribute("name"));
            } catch (NumberFormatException e) {
                throw in.error(at, "event stream has a non-numeric id '" + s.getAttribute("name") + "'");
            }
            SensorGeometry geometry = null;
            String source = "";
            for (Element info : children(s, "node")) {
                if ("info".equals(info.getAttribute("name"))) {
                    source = String.valueOf(attr(info, "source"));
                    try {
                        geometry = new SensorGeometry(Integer.parseInt(String.valueOf(attr(info, "sizeX"))),
                                Integer.parseInt(String.valueOf(attr(info, "sizeY"))));
                    } catch (IllegalArgumentException e) {
                        geometry = null;
                    }
                }
            }
            return new Stream(id, geometry, source.equals("null") ? "" : source);
        }
        throw in.error(at, "no event stream (typeIdentifier EVTS) in the IOHeader");
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                out.add(e);
            }
        }
        return out;
    }

    private static String attr(Element node, String key) {
        for (Element a : children(node, "attr")) {
            if (key.equals(a.getAttribute("key"))) {
                return a.getTextContent().trim();
            }
        }
        return null;
    }

    @Override
    public int read(EventBatch batch) throws IOException {
        batch.clear();
        SensorGeometry g = info().geometry();
        while (batch.free() > 0) {
            if (!packets.hasEvents() && !nextEventPacket()) {
                break;
            }
            try {
                packets.drain(batch, g);
            } catch (EventDataException e) {
                throw new RecordingFormatException(in.name(), packetOffset, "packet at this offset: " + e.getMessage());
            }
        }
        return batch.size() == 0 ? -1 : batch.size();
    }

    /** Reads packets until one of the event stream holds events; false at the end of the packet section. */
    private boolean nextEventPacket() throws IOException {
        while (true) {
            if (dataTablePosition >= 0 && in.offset() >= dataTablePosition) {
                return false;
            }
            if (!in.request(8)) {
                checkNoTrailingBytes(8);
                return false;
            }
            packetOffset = in.offset();
            int id = Bytes.i32le(in.buffer(), in.position());
            int size = Bytes.i32le(in.buffer(), in.position() + 4);
            if (size <= 0 || size > MAX_PACKET_BYTES || size > in.remaining() - 8) {
                throw in.error("packet of stream " + id + " claims " + Integer.toUnsignedLong(size) + " bytes but "
                        + Math.max(0, in.remaining() - 8) + " are left (limit " + MAX_PACKET_BYTES + ")");
            }
            in.position(in.position() + 8);
            if (id != streamId) {
                skipped++;
                if (!in.skip(size)) {
                    throw in.error("truncated inside a packet");
                }
                continue;
            }
            if (!in.request(size)) {
                throw in.error("truncated inside a packet");
            }
            int at = in.position();
            in.position(at + size);
            try {
                // decoded in place: an uncompressed packet's events stay valid in the window until the next
                // request, which only comes after they are drained
                packets.load(in.buffer(), at, size);
            } catch (EventDataException e) {
                throw new RecordingFormatException(in.name(), packetOffset, "packet at this offset: "
                        + e.getMessage() + " (payload byte " + e.index() + ")");
            } catch (IOException e) {
                throw new RecordingFormatException(in.name(), packetOffset, "cannot decompress the " + compression
                        + " packet at this offset: " + e.getMessage(), e);
            }
            if (packets.hasEvents()) {
                return true;
            }
        }
    }
}
