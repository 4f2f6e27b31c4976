package io.streamcast.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keystores for HTTPS tests, made by the JDK's own keytool (no key material checked in). */
public final class TestKeystores {
    public static final String PASSWORD = "test-keystore-password";

    private TestKeystores() {}

    /**
     * A PKCS12 keystore in {@code dir} with one self-signed EC key for {@code CN=cn}, valid for the names and
     * addresses in {@code san} (keytool's syntax: {@code dns:localhost,ip:127.0.0.1}).
     */
    public static Path selfSigned(Path dir, String name, String cn, String san) throws IOException,
            InterruptedException {
        Path file = dir.resolve(name + ".p12");
        run(List.of(keytool(), "-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-validity", "3", "-keystore", file.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD, "-keypass", PASSWORD));
        return file;
    }

    /** A PKCS12 store in {@code dir} holding only the certificate of {@code keystore}'s key (no private key). */
    public static Path certificateOnly(Path dir, Path keystore, String alias) throws IOException,
            InterruptedException {
        Path cert = dir.resolve(alias + ".crt");
        run(List.of(keytool(), "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-file", cert.toString()));
        Path store = dir.resolve(alias + "-trust.p12");
        run(List.of(keytool(), "-importcert", "-noprompt", "-alias", alias, "-file", cert.toString(),
                "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD));
        return store;
    }

    private static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.destroyForcibly();
            throw new IOException("keytool failed: " + out);
        }
    }
}
