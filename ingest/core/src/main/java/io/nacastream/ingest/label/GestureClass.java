package io.nacastream.ingest.label;

/** The 11 gesture classes of DVS128 Gesture, in the dataset's order (class id = CSV class - 1). */
public enum GestureClass {
    HAND_CLAP("hand clap"),
    RIGHT_HAND_WAVE("right hand wave"),
    LEFT_HAND_WAVE("left hand wave"),
    RIGHT_ARM_CLOCKWISE("right arm clockwise"),
    RIGHT_ARM_COUNTER_CLOCKWISE("right arm counter-clockwise"),
    LEFT_ARM_CLOCKWISE("left arm clockwise"),
    LEFT_ARM_COUNTER_CLOCKWISE("left arm counter-clockwise"),
    ARM_ROLL("arm roll"),
    AIR_DRUMS("air drums"),
    AIR_GUITAR("air guitar"),
    OTHER("other");

    private final String displayName;

    GestureClass(String displayName) {
        this.displayName = displayName;
    }

    /** Human-readable name as in the dataset's gesture_mapping.csv. */
    public String displayName() {
        return displayName;
    }

    /** Class id 0..10. */
    public int id() {
        return ordinal();
    }

    /** Number of classes. */
    public static int count() {
        return values().length;
    }

    /** The class with id {@code id}; throws for an unknown id. */
    public static GestureClass of(int id) {
        GestureClass[] all = values();
        if (id < 0 || id >= all.length) {
            throw new IllegalArgumentException("unknown gesture class id " + id + " (0.." + (all.length - 1) + ")");
        }
        return all[id];
    }
}
