package io.nacastream.learner.kernel;

/** Run in a JVM without {@code jdk.incubator.vector}: prints which kernel {@code auto} chose and why vector fails. */
public final class KernelProbe {

    private KernelProbe() {
    }

    /** Prints {@code auto=<kernel>} and {@code vector refused: <message>} (or {@code vector=vector}). */
    public static void main(String[] args) {
        System.out.println("auto=" + MembraneKernels.auto().name());
        try {
            System.out.println("vector=" + MembraneKernels.named("vector").name());
        } catch (IllegalStateException e) {
            System.out.println("vector refused: " + e.getMessage());
        }
    }
}
