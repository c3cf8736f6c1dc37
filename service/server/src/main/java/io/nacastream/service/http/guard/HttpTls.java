package io.nacastream.service.http.guard;

import io.nacastream.service.config.HttpSettings;
import reactor.netty.http.Http11SslContextSpec;

import javax.net.ssl.KeyManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * The HTTP server's TLS from {@code http.tls.*}: the keystore's private key and certificate chain, opened when the
 * server starts. A keystore that cannot be opened fails the start with a message naming the key and the reason, never
 * the password.
 */
final class HttpTls {

    private HttpTls() {
    }

    /** The server side of TLS for {@code tls}, which has a keystore; throws naming the key if it cannot be used. */
    static Http11SslContextSpec serverSpec(HttpSettings.Tls tls) {
        Path path = tls.keystore().orElseThrow();
        char[] password = tls.keystorePassword().toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(tls.keystoreType());
            try (InputStream in = Files.newInputStream(path)) {
                store.load(in, password);
            }
            if (!holdsPrivateKey(store)) {
                throw new IllegalArgumentException("configuration key 'http.tls.keystore': " + path
                        + " holds no private key (the server's key and certificate chain)");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            return Http11SslContextSpec.forServer(keys);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("configuration key 'http.tls.keystore': cannot open " + path + " as a "
                    + tls.keystoreType() + " keystore with http.tls.keystore-password (" + e.getMessage() + ")", e);
        }
    }

    private static boolean holdsPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
