package io.nacastream.service.kafka;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import java.util.Optional;

/**
 * Tells a failure the cluster's security caused (the client could not authenticate, or may not do what it tried)
 * from any other, and says what it means for an operator: such a failure is waited out (an operator fixes the
 * credentials or grants the ACL) instead of stopping the service.
 */
public final class AccessFailures {

    private AccessFailures() {
    }

    /** The reason, for an operator, when {@code failure} or one of its causes was a refusal by the cluster. */
    public static Optional<String> reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return Optional.of("TLS handshake with the broker failed (check kafka.ssl.truststore.* and "
                        + "kafka.ssl.keystore.*): " + message(t));
            }
            if (t instanceof AuthenticationException) {
                return Optional.of("the broker refused the credentials (check kafka.sasl.mechanism and "
                        + "kafka.sasl.jaas.config): " + message(t));
            }
            if (t instanceof AuthorizationException) {
                return Optional.of("the cluster refused an operation (grant the ACLs docs/service.md lists): "
                        + message(t));
            }
        }
        return Optional.empty();
    }

    private static String message(Throwable t) {
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
