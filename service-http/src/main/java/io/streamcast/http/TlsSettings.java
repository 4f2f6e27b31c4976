package io.streamcast.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS for a service's HTTP server: its key and certificate chain (a PKCS12 or JKS keystore), and what it trusts
 * when it calls another instance of its deployment (streams-app forwards queries to the key's owner).
 *
 * <p>Both stores are read once, when the service starts, so a wrong password or a store without a key stops the
 * start with a message naming the file, never the first request. Passwords are never printed ({@link #toString}).
 *
 * @param keystore           the server's keystore: one private key with its certificate chain
 * @param password           the keystore's password, also that of its key
 * @param store              the keystore, read
 * @param trusted            the certificates the calls to other instances trust: the truststore's when one is given,
 *                           else the keystore's own (instances of one deployment share a certificate or its CA)
 */
public record TlsSettings(Path keystore, String password, KeyStore store, KeyStore trusted) {
    public TlsSettings {
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(trusted, "trusted");
    }

    /**
     * Reads the keystore and, if given, the truststore.
     *
     * @param truststore         null: trust the keystore's own certificates
     * @param truststorePassword null when the truststore needs none
     * @throws IllegalArgumentException when a store cannot be read or opened, or the keystore holds no private key
     */
    public static TlsSettings load(Path keystore, String password, Path truststore, String truststorePassword) {
        KeyStore store = read(keystore, password, "keystore");
        boolean hasKey;
        try {
            hasKey = Collections.list(store.aliases()).stream().anyMatch(alias -> isKey(store, alias));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the keystore " + keystore + " cannot be listed: " + e.getMessage());
        }
        if (!hasKey) {
            throw new IllegalArgumentException("the keystore " + keystore + " holds no private key: HTTPS needs the "
                    + "server's key and certificate (e.g. keytool -genkeypair, or openssl pkcs12 -export)");
        }
        KeyStore trusted = truststore == null ? certificatesOf(store) : read(truststore, truststorePassword,
                "truststore");
        return new TlsSettings(keystore, password, store, trusted);
    }

    /** The certificates of the store's key entries (each chain, leaf to root) as trusted certificate entries. */
    private static KeyStore certificatesOf(KeyStore store) {
        try {
            KeyStore certificates = KeyStore.getInstance(KeyStore.getDefaultType());
            certificates.load(null, null);
            int n = 0;
            for (String alias : Collections.list(store.aliases())) {
                Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias)
                        : new Certificate[] {store.getCertificate(alias)};
                for (Certificate c : chain == null ? new Certificate[0] : chain) {
                    if (c != null) {
                        certificates.setCertificateEntry("trusted-" + n++, c);
                    }
                }
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot copy the keystore's certificates: " + e.getMessage(), e);
        }
    }

    private static boolean isKey(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyStore read(Path file, String password, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("the " + what + " " + file + " cannot be read");
        }
        // PKCS12, the JDK's default type, also reads JKS files (keystore.type.compat)
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password == null ? null : password.toCharArray());
            return store;
        } catch (IOException e) {
            String cause = e.getCause() instanceof java.security.UnrecoverableKeyException
                    ? "wrong password" : e.getMessage();
            throw new IllegalArgumentException("the " + what + " " + file + " cannot be opened: " + cause
                    + " (a PKCS12 or JKS file and its password)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the " + what + " " + file + " cannot be opened: " + e.getMessage());
        }
    }

    /**
     * The client side: trusts {@link #trusted}'s certificates; the JDK's client also checks that the certificate
     * names the host called.
     */
    public SSLContext clientContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make the TLS client context: " + e.getMessage(), e);
        }
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "TlsSettings[" + keystore + "]";
    }
}
