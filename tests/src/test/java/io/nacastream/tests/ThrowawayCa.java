package io.nacastream.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A certificate authority for one test run, made with the JDK's {@code keytool} in a temporary directory (deleted on
 * close): a broker keystore whose certificate (CA-signed, for 127.0.0.1 and localhost) carries its chain, and a client
 * truststore holding only the CA certificate. Every store is PKCS12 with a random password.
 */
final class ThrowawayCa implements AutoCloseable {

    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final String caPassword = randomPassword();
    private final String brokerPassword = randomPassword();
    private final String truststorePassword = randomPassword();

    private ThrowawayCa(Path dir) {
        this.dir = dir;
    }

    /** Generates the CA, the broker's keystore and the client truststore (a few keytool runs, about 2 s). */
    static ThrowawayCa create() throws IOException, InterruptedException {
        ThrowawayCa ca = new ThrowawayCa(Files.createTempDirectory("naca-ca-"));
        try {
            ca.generate();
        } catch (IOException | InterruptedException | RuntimeException e) {
            ca.close();
            throw e;
        }
        return ca;
    }

    private void generate() throws IOException, InterruptedException {
        Path ca = dir.resolve("ca.p12");
        Path caCert = dir.resolve("ca.pem");
        Path csr = dir.resolve("broker.csr");
        Path brokerCert = dir.resolve("broker.pem");
        keytool(caPassword, "-genkeypair", "-keystore", ca, "-alias", "ca", "-dname", "CN=naca-stream throwaway CA",
                "-keyalg", "EC", "-validity", "2", "-ext", "bc:c");
        keytool(caPassword, "-exportcert", "-keystore", ca, "-alias", "ca", "-rfc", "-file", caCert);
        keytool(brokerPassword, "-genkeypair", "-keystore", brokerKeystore(), "-alias", "broker", "-dname",
                "CN=localhost", "-keyalg", "EC", "-validity", "2");
        keytool(brokerPassword, "-certreq", "-keystore", brokerKeystore(), "-alias", "broker", "-file", csr);
        keytool(caPassword, "-gencert", "-keystore", ca, "-alias", "ca", "-infile", csr, "-outfile", brokerCert,
                "-rfc", "-validity", "2", "-ext", "SAN=ip:127.0.0.1,dns:localhost");
        keytool(brokerPassword, "-importcert", "-keystore", brokerKeystore(), "-alias", "ca", "-file", caCert,
                "-noprompt");
        keytool(brokerPassword, "-importcert", "-keystore", brokerKeystore(), "-alias", "broker", "-file", brokerCert);
        keytool(truststorePassword, "-importcert", "-keystore", truststore(), "-alias", "ca", "-file", caCert,
                "-noprompt");
    }

    /** The broker's PKCS12 keystore: its key, its CA-signed certificate and the chain. */
    Path brokerKeystore() {
        return dir.resolve("broker.p12");
    }

    /** Password of {@link #brokerKeystore()}, also its key's. */
    String brokerKeystorePassword() {
        return brokerPassword;
    }

    /** A PKCS12 truststore holding only the CA certificate, for clients. */
    Path truststore() {
        return dir.resolve("client-truststore.p12");
    }

    /** Password of {@link #truststore()}. */
    String truststorePassword() {
        return truststorePassword;
    }

    /** Runs keytool on a PKCS12 store whose password it passes through the environment; fails with its output. */
    private void keytool(String storePassword, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(KEYTOOL.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass:env", "STOREPASS"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("STOREPASS", storePassword);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = process.waitFor();
        if (rc != 0) {
            throw new IllegalStateException("keytool " + args[0] + " failed (exit " + rc + "): " + output.strip());
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Deletes the stores. */
    @Override
    public void close() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
