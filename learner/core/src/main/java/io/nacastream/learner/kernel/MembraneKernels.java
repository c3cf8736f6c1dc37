package io.nacastream.learner.kernel;

import java.util.Locale;

/**
 * Chooses the {@link MembraneKernel} at start: {@code vector} when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}, {@code scalar} otherwise ({@code auto}), or the one asked for.
 */
public final class MembraneKernels {

    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.nacastream.learner.kernel.VectorMembraneKernel";
    private static final MembraneKernel AUTO = vectorAvailable() ? vector() : ScalarMembraneKernel.INSTANCE;

    private MembraneKernels() {
    }

    /** True when the Vector API module is in the JVM's boot layer. */
    public static boolean vectorAvailable() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    /** The best kernel this JVM can run: vector if available, else scalar. */
    public static MembraneKernel auto() {
        return AUTO;
    }

    /**
     * The kernel named {@code auto}, {@code vector} or {@code scalar} (case-insensitive); {@code vector} without the
     * module is refused with how to enable it.
     */
    public static MembraneKernel named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "scalar" -> ScalarMembraneKernel.INSTANCE;

            case "vector" -> {
                if (!vectorAvailable()) {
                    throw new IllegalStateException("the vector kernel needs the JDK's Vector API: start the JVM "
                            + "with --add-modules " + VECTOR_MODULE + " (or choose learner.kernel=auto or scalar)");
                }
                yield vector();
            }
            default -> throw new IllegalArgumentException("kernel must be auto, vector or scalar, got " + name);
        };
    }

    private static MembraneKernel vector() {
        try {
            return (MembraneKernel) Class.forName(VECTOR_CLASS).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the vector kernel could not be loaded", e);
        }
    }
}
