package io.nacastream.ingest.recording.prophesee;

import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.SensorGeometry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The ASCII header of Prophesee RAW and DAT files: lines {@code "% key value"} up to {@code "% end"} or the first
 * byte that does not start a {@code "% "} line. Knows the sensor sizes implied by keys and plugin names.
 *
 * @param lines    header lines without the leading "% "
 * @param geometry sensor size from {@code format}/{@code geometry}/{@code Width}+{@code Height} keys or the plugin
 *                 name, or null
 * @param evt      event format from {@code evt} or {@code format} ("2.0", "2.1", "3.0"), or ""
 * @param present  whether any header line was found
 */
public record PropheseeHeader(List<String> lines, SensorGeometry geometry, String evt, boolean present) {

    private static final int MAX_LINE = 1 << 16;
    private static final long MAX_BYTES = 1 << 20;

    /** Reads the header at the start of {@code in}. */
    public static PropheseeHeader read(ByteInput in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (in.request(2) && in.buffer()[in.position()] == '%'
                && (in.buffer()[in.position() + 1] == ' ' || in.buffer()[in.position() + 1] == '\n')) {
            if (in.offset() > MAX_BYTES) {
                throw in.error("header longer than " + MAX_BYTES + " bytes");
            }
            String line = in.readLine(MAX_LINE).substring(1).trim();
            if (line.equals("end")) {
                break;
            }
            lines.add(line);
        }
        return of(lines);
    }

    /** Interprets header lines. */
    static PropheseeHeader of(List<String> lines) {
        Integer width = null;
        Integer height = null;
        String evt = "";
        String plugin = "";
        for (String line : lines) {
            String[] kv = line.split("\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1].trim() : "";
            switch (key) {
                case "evt" -> evt = value;
                case "format" -> {
                    String[] parts = value.split(";");
                    String name = parts[0].toUpperCase(Locale.ROOT);
                    evt = name.equals("EVT3") ? "3.0" : name.equals("EVT2") ? "2.0" : name.equals("EVT21") ? "2.1"
                            : evt;
                    for (String p : parts) {
                        String[] f = p.split("=", 2);
                        if (f.length == 2 && f[0].equalsIgnoreCase("width")) {
                            width = parse(f[1]);
                        } else if (f.length == 2 && f[0].equalsIgnoreCase("height")) {
                            height = parse(f[1]);
                        }
                    }
                }
                case "geometry" -> {
                    String[] wh = value.toLowerCase(Locale.ROOT).split("x");
                    if (wh.length == 2) {
                        width = parse(wh[0]);
                        height = parse(wh[1]);
                    }
                }
                case "width" -> width = parse(value);
                case "height" -> height = parse(value);
                case "plugin_name" -> plugin = value.toLowerCase(Locale.ROOT);
                default -> {
                }
            }
        }
        SensorGeometry geometry = null;
        try {
            if (width != null && height != null) {
                geometry = new SensorGeometry(width, height);
            }
        } catch (IllegalArgumentException e) {
            geometry = null;
        }
        if (geometry == null) {
            geometry = plugin.contains("gen41") || plugin.contains("imx636") || plugin.contains("evk4")
                    ? new SensorGeometry(1280, 720)
                    : plugin.contains("gen3") ? new SensorGeometry(640, 480)
                    : plugin.contains("genx320") ? new SensorGeometry(320, 320) : null;
        }
        return new PropheseeHeader(lines, geometry, evt, !lines.isEmpty());
    }

    private static Integer parse(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
