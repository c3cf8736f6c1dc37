package io.nacastream.broker;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a secured {@link EmbeddedKafka} needs: the PKCS12 keystore (key and certificate chain) of its SASL_SSL
 * listener, the keystore's password (also the key's), and the SCRAM-SHA-512 users (name to password) it is
 * formatted with. Names and passwords are plain tokens (letters, digits, {@code . _ -}), which the storage tool's
 * {@code --add-scram} syntax takes as they are.
 */
public record BrokerSecurity(Path keystore, String keystorePassword, Map<String, String> scramUsers) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]+");

    /** Checks the fields and copies the users. */
    public BrokerSecurity {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
        scramUsers = Map.copyOf(scramUsers);
        scramUsers.forEach((name, password) -> {
            if (!TOKEN.matcher(name).matches() || !TOKEN.matcher(password).matches()) {
                throw new IllegalArgumentException("SCRAM user names and passwords must match " + TOKEN
                        + "; user '" + name + "' does not");
            }
        });
    }

    /** Names the keystore and the users, never the passwords. */
    @Override
    public String toString() {
        return "BrokerSecurity[keystore=" + keystore + ", users=" + scramUsers.keySet() + "]";
    }
}
