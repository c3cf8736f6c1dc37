package io.nacastream.tests;

import io.nacastream.broker.EmbeddedKafka;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real in-process KRaft broker shared by every test class that declares {@code @ExtendWith(SharedBroker.class)}:
 * started before the first such class, closed when the test run ends. Classes keep to their own topic names.
 */
final class SharedBroker implements BeforeAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

    /** Closes the broker when JUnit closes its root store at the end of the run. */
    private record Running(EmbeddedKafka kafka) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }

    private static volatile EmbeddedKafka kafka;

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("broker", k -> {
            try {
                Running running = new Running(EmbeddedKafka.start());
                kafka = running.kafka();
                return running;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the in-process broker", e);
            }
        }, Running.class);
    }

    /** Bootstrap servers of the shared broker (after {@link #beforeAll}). */
    static String bootstrap() {
        return kafka.bootstrapServers();
    }
}
