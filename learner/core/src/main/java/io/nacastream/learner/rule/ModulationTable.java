package io.nacastream.learner.rule;

import java.util.SplittableRandom;

/**
 * The fixed neuromodulation table Mod[c][j] = f(nl_j(c)) with nl_j(c) = ½(NI[a_c][j] + NI[a_c + 1][j]) and NI a seeded
 * uniform(0,1) matrix of 2C x H entries, never trained (naca.md §1.4-1.5). It depends on the label only.
 */
public final class ModulationTable {

    private final float[][] table;

    private ModulationTable(float[][] table) {
        this.table = table;
    }

    /** A table with these values [class][unit] (restoring a checkpoint); copied. */
    public static ModulationTable of(float[][] values) {
        if (values.length < 2 || values[0].length < 1) {
            throw new IllegalArgumentException("a modulation table needs >= 2 classes and >= 1 unit");
        }
        float[][] copy = new float[values.length][];
        for (int c = 0; c < values.length; c++) {
            if (values[c].length != values[0].length) {
                throw new IllegalArgumentException("ragged modulation table");
            }
            copy[c] = values[c].clone();
        }
        return new ModulationTable(copy);
    }

    /** Number of classes (rows). */
    public int classes() {
        return table.length;
    }

    /** Number of hidden units (columns). */
    public int units() {
        return table[0].length;
    }

    /** Builds the table for {@code classes} classes and {@code hidden} units from {@code seed}. */
    public static ModulationTable generate(int classes, int hidden, double lambda, double thetaMax, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] ni = new double[2 * classes][hidden];
        for (double[] row : ni) {
            for (int j = 0; j < hidden; j++) {
                row[j] = random.nextDouble();
            }
        }
        float[][] table = new float[classes][hidden];
        for (int c = 0; c < classes; c++) {
            int a = ExpectationCode.firstUnit(c, classes);
            for (int j = 0; j < hidden; j++) {
                double nl = 0.5 * (ni[a][j] + ni[a + 1][j]);
                table[c][j] = (float) ModulationCurve.f(nl, lambda, thetaMax);
            }
        }
        return new ModulationTable(table);
    }

    /**
     * The fixed random projection of DRTP and DFA for {@code classes} classes and {@code hidden} units: B[c][j]
     * uniform in ±√(6/hidden), PyTorch's {@code kaiming_uniform_} of a C×n matrix as the reference draws it
     * (learners.md §1.3), from {@code seed}.
     */
    public static ModulationTable randomProjection(int classes, int hidden, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double bound = Math.sqrt(6.0 / hidden);
        float[][] table = new float[classes][hidden];
        for (float[] row : table) {
            for (int j = 0; j < hidden; j++) {
                row[j] = (float) random.nextDouble(-bound, bound);
            }
        }
        return new ModulationTable(table);
    }

    /** Modulation of every hidden unit for class {@code c}; the returned array must not be modified (shared, for hot loops). */
    public float[] forClass(int c) {
        return table[c];
    }

    /** Modulation of hidden unit {@code j} for class {@code c}. */
    public float get(int c, int j) {
        return table[c][j];
    }
}
