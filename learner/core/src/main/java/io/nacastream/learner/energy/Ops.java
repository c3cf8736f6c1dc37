package io.nacastream.learner.energy;

/**
 * A count of every operation the energy convention prices (docs/learner.md, "Energy"): arithmetic (adds,
 * multiply-adds, compares and clamps, exponentials and other special functions) and memory accesses (weight reads and
 * writes, neuron-state reads and writes). Used both as the cost of one kernel step (e.g. one unit of a membrane
 * update) and as a total. Immutable.
 *
 * @param adds         additions and subtractions (an accumulate, AC: what a binary spike triggers)
 * @param macs         multiplications and multiply-adds (MAC)
 * @param compares     compares, {@code min}/{@code max} and clamps (a clamp to [-b, b] is two)
 * @param exps         exponentials, powers, square roots and divisions (special functions)
 * @param weightReads  weights (and optimiser moments) read from memory
 * @param weightWrites weights (and optimiser moments) written to memory, changed or not
 * @param stateReads   per-stream state read: membranes, traces, accumulators, gates, activations
 * @param stateWrites  per-stream state written
 */
public record Ops(long adds, long macs, long compares, long exps, long weightReads, long weightWrites,
                  long stateReads, long stateWrites) {

    /** Nothing. */
    public static final Ops NONE = new Ops(0, 0, 0, 0, 0, 0, 0, 0);

    /** A copy with {@code n} adds. */
    public Ops adds(long n) {
        return with(0, n);
    }

    /** A copy with {@code n} multiply-adds. */
    public Ops macs(long n) {
        return with(1, n);
    }

    /** A copy with {@code n} compares. */
    public Ops compares(long n) {
        return with(2, n);
    }

    /** A copy with {@code n} special functions. */
    public Ops exps(long n) {
        return with(3, n);
    }

    /** A copy with {@code n} weight reads. */
    public Ops weightReads(long n) {
        return with(4, n);
    }

    /** A copy with {@code n} weight writes. */
    public Ops weightWrites(long n) {
        return with(5, n);
    }

    /** A copy with {@code n} state reads. */
    public Ops stateReads(long n) {
        return with(6, n);
    }

    /** A copy with {@code n} state writes. */
    public Ops stateWrites(long n) {
        return with(7, n);
    }

    /** A copy with field {@code field} (in {@link #toArray()} order) set to {@code n}. */
    private Ops with(int field, long n) {
        long[] a = toArray();
        a[field] = n;
        return of(a);
    }

    /** Every count times {@code n}. */
    public Ops times(long n) {
        return new Ops(adds * n, macs * n, compares * n, exps * n, weightReads * n, weightWrites * n,
                stateReads * n, stateWrites * n);
    }

    /** The sum. */
    public Ops plus(Ops o) {
        return new Ops(adds + o.adds, macs + o.macs, compares + o.compares, exps + o.exps,
                weightReads + o.weightReads, weightWrites + o.weightWrites, stateReads + o.stateReads,
                stateWrites + o.stateWrites);
    }

    /** The difference. */
    public Ops minus(Ops o) {
        return plus(o.times(-1));
    }

    /** Arithmetic operations of every kind. */
    public long arithmetic() {
        return adds + macs + compares + exps;
    }

    /** Synaptic operations in NeuroBench's sense: ACs plus MACs. */
    public long synOps() {
        return adds + macs;
    }

    /** The counts in field order, as stored in checkpoints and sink records. */
    public long[] toArray() {
        return new long[]{adds, macs, compares, exps, weightReads, weightWrites, stateReads, stateWrites};
    }

    /** Counts in {@link #toArray()} order. */
    public static Ops of(long[] a) {
        if (a.length != FIELDS.size()) {
            throw new IllegalArgumentException("expected " + FIELDS.size() + " counts, got " + a.length);
        }
        return new Ops(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]);
    }

    /** Field names in {@link #toArray()} order (JSON keys). */
    public static final java.util.List<String> FIELDS = java.util.List.of("adds", "macs", "compares", "exps",
            "weightReads", "weightWrites", "stateReads", "stateWrites");
}
