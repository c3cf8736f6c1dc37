package io.nacastream.ingest.dvsgesture;

import io.nacastream.ingest.label.GestureClass;
import io.nacastream.ingest.label.LabelSegment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * DVS128 Gesture label files ({@code userNN_lighting_labels.csv}): a header {@code class,startTime_usec,endTime_usec}
 * and one row per gesture instance, classes 1..11 (stored 0-based in {@link LabelSegment}), times in the
 * recording's µs clock. Also the label file naming convention of {@code publish}: {@code name_labels.csv} next to
 * {@code name.ext}.
 */
public final class GestureLabelsCsv {

    private GestureLabelsCsv() {
    }

    /** The label file that belongs to {@code recording}: same name without extension, plus {@code _labels.csv}. */
    public static Path labelsFor(Path recording) {
        String name = recording.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return recording.resolveSibling((dot < 0 ? name : name.substring(0, dot)) + "_labels.csv");
    }

    /**
     * Reads a label file into segments of stream {@code streamId}, learned from or held out as {@code learn} says.
     * Throws {@link IllegalArgumentException} naming the file and line of the first bad row.
     */
    public static List<LabelSegment> read(Path csv, String streamId, boolean learn) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<LabelSegment> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || (i == 0 && line.startsWith("class"))) {
                continue;
            }
            String[] f = line.split(",");
            try {
                if (f.length != 3) {
                    throw new IllegalArgumentException("expected class,startTime_usec,endTime_usec");
                }
                int cls = Integer.parseInt(f[0].strip());
                if (cls < 1 || cls > GestureClass.count()) {
                    throw new IllegalArgumentException("class " + cls + " is not in 1.." + GestureClass.count());
                }
                out.add(new LabelSegment(streamId, cls - 1, Long.parseLong(f[1].strip()), Long.parseLong(f[2].strip()),
                        learn));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(csv.getFileName() + " line " + (i + 1) + ": '" + line + "': "
                        + e.getMessage(), e);
            }
        }
        return out;
    }
}
