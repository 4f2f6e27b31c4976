package io.streamcast.options;

import io.streamcast.http.EnvironmentSecret;
import io.streamcast.http.TlsSettings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --http-tls-keystore} and {@code --http-tls-truststore}: HTTPS for a service's HTTP server, part of
 * {@link HttpBindOption}. The passwords come from the environment only ({@value #KEYSTORE_PASSWORD_ENV} or a file
 * named by {@value #KEYSTORE_PASSWORD_ENV}{@code _FILE}; the same for the truststore), as the bearer token does.
 */
public final class HttpTlsOption {
    /** The keystore's password (or, with {@code _FILE}, a file holding it). */
    public static final String KEYSTORE_PASSWORD_ENV = "STREAMCAST_HTTP_TLS_KEYSTORE_PASSWORD";
    /** The truststore's password, if it needs one (or, with {@code _FILE}, a file holding it). */
    public static final String TRUSTSTORE_PASSWORD_ENV = "STREAMCAST_HTTP_TLS_TRUSTSTORE_PASSWORD";

    @Option(names = "--http-tls-keystore", paramLabel = "FILE",
            description = {"Serve HTTPS with the key and certificate in this PKCS12 or JKS keystore (default: plain "
                    + "HTTP). Its password: env "
                    + KEYSTORE_PASSWORD_ENV + ", or " + KEYSTORE_PASSWORD_ENV + "_FILE naming a file that holds it.",
                "streams-app then forwards queries to other instances over HTTPS too: their certificate must name "
                    + "the host each advertises (--advertised-http)."})
    Path keystore;

    @Option(names = "--http-tls-truststore", paramLabel = "FILE",
            description = "The certificates streams-app trusts when it forwards a query to another instance over "
                    + "HTTPS (password, if it needs one, env "
                    + TRUSTSTORE_PASSWORD_ENV + "; default: the keystore's own certificates, for instances that "
                    + "share a certificate or its CA).")
    Path truststore;

    /**
     * The TLS settings, or null without {@code --http-tls-keystore}.
     *
     * @throws IllegalArgumentException when a store cannot be read or opened, its password is missing, or a
     *                                  truststore is given without a keystore
     */
    TlsSettings settings(Map<String, String> env) {
        boolean hasTruststore = truststore != null;
        if (keystore == null) {
            if (hasTruststore) {
                throw new IllegalArgumentException("--http-tls-truststore needs --http-tls-keystore: the truststore "
                        + "is for HTTPS, which the keystore turns on");
            }
            return null;
        }
        String password = EnvironmentSecret.read(env, KEYSTORE_PASSWORD_ENV);
        if (password == null) {
            throw new IllegalArgumentException("--http-tls-keystore " + keystore + " needs its password: set "
                    + KEYSTORE_PASSWORD_ENV + ", or " + EnvironmentSecret.fileVariable(KEYSTORE_PASSWORD_ENV)
                    + " to a file holding it");
        }
        return TlsSettings.load(keystore, password, hasTruststore ? truststore : null,
                hasTruststore ? EnvironmentSecret.read(env, TRUSTSTORE_PASSWORD_ENV) : null);
    }
}
