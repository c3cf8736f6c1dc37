package io.nacastream.ingest.recording.open;

import io.nacastream.ingest.recording.ByteInput;
import io.nacastream.ingest.recording.EventReader;
import io.nacastream.ingest.recording.ReadOptions;
import io.nacastream.ingest.recording.RecordingFormat;
import io.nacastream.ingest.recording.aedat.Aedat2Reader;
import io.nacastream.ingest.recording.aedat.Aedat31Reader;
import io.nacastream.ingest.recording.aedat.Aedat4Reader;
import io.nacastream.ingest.recording.nacs.NacsFormat;
import io.nacastream.ingest.recording.nacs.NacsReader;
import io.nacastream.ingest.recording.nmnist.NmnistReader;
import io.nacastream.ingest.recording.prophesee.DatReader;
import io.nacastream.ingest.recording.prophesee.RawReader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens recordings: detects the format from the first bytes (magic lines and header keys), falling back to the file
 * extension for header-less formats, unless {@link ReadOptions#format()} forces one.
 */
public final class Recordings {

    private static final int SNIFF_BYTES = 1 << 16;

    private Recordings() {
    }

    /** Opens a file. */
    public static EventReader open(Path file, ReadOptions options) throws IOException {
        ByteInput in = ByteInput.open(file);
        try {
            return open(in, options);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Opens a reader over {@code in}; its name's extension helps detection. */
    public static EventReader open(ByteInput in, ReadOptions options) throws IOException {
        RecordingFormat format = options.format().isPresent() ? options.format().get() : detect(in);
        return switch (format) {
            case NACS -> new NacsReader(in, options);
            case AEDAT2 -> new Aedat2Reader(in, options);
            case AEDAT31 -> new Aedat31Reader(in, options);
            case AEDAT4 -> new Aedat4Reader(in, options);
            case EVT2, EVT3 -> new RawReader(in, options, format);
            case DAT -> new DatReader(in, options);
            case NMNIST -> new NmnistReader(in, options);
        };
    }

    /** The format of the recording at the start of {@code in}, without consuming anything. */
    public static RecordingFormat detect(ByteInput in) throws IOException {
        in.request((int) Math.min(SNIFF_BYTES, in.size() < 0 ? NacsFormat.MAGIC.length : in.size()));
        int n = Math.min(in.available(), SNIFF_BYTES);
        String head = new String(in.buffer(), in.position(), n, StandardCharsets.ISO_8859_1);
        String ext = extension(in.name());
        if (head.startsWith("NACSREC1")) {
            return RecordingFormat.NACS;
        }
        if (head.startsWith("#!AER-DAT4")) {
            return RecordingFormat.AEDAT4;
        }
        if (head.startsWith("#!AER-DAT3")) {
            return RecordingFormat.AEDAT31;
        }
        if (head.startsWith("#!AER-DAT2") || head.startsWith("#!AER-DAT1")) {
            return RecordingFormat.AEDAT2;
        }
        if (head.startsWith("% ")) {
            String lower = head.toLowerCase(Locale.ROOT);
            if (lower.contains("% evt 3") || lower.contains("% format evt3")) {
                return RecordingFormat.EVT3;
            }
            if (lower.contains("% evt 2.0") || lower.contains("% format evt2;") || lower.contains("% format evt2\n")) {
                return RecordingFormat.EVT2;
            }
            if (lower.contains("% evt 2.1") || lower.contains("% format evt21")) {
                throw in.error(0, "EVT 2.1 is not supported; record in EVT 3.0 or EVT 2.0");
            }
            if (ext.equals("dat") || lower.contains("% data file containing")) {
                return RecordingFormat.DAT;
            }
            throw in.error(0, "Prophesee header without an evt or format line: pass --format evt2, evt3 or dat");
        }
        switch (ext) {
            case "bin":
                return RecordingFormat.NMNIST;
            case "dat":
                return RecordingFormat.DAT;
            case "aedat":
                if (head.startsWith("#")) {
                    return RecordingFormat.AEDAT2;
                }
                break;
            case "aedat4":
                return RecordingFormat.AEDAT4;
            default:
                break;
        }
        throw in.error(0, "cannot tell the recording format from its first bytes or its name; pass --format "
                + "(nacs, aedat2, aedat3, aedat4, evt2, evt3, dat, nmnist)");
    }

    private static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
