package io.streamcast.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shared secret of streamcast's HTTP APIs ({@value #ENV}): requests carry it as
 * {@code Authorization: Bearer <token>}. It comes from the environment only, never from a flag (a flag would
 * show in {@code ps}), and is never printed: {@link #toString} hides it.
 */
public final class BearerToken {
    /** The environment variable holding the token. */
    public static final String ENV = "STREAMCAST_HTTP_TOKEN";
    /** A file holding the token (a Kubernetes or compose secret), read when {@value #ENV} is unset. */
    public static final String FILE_ENV = ENV + "_FILE";

    /** RFC 6750's b64token: what a header (and the live page's URL fragment) carries unchanged. */
    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._~+/-]+=*");
    private static final String SCHEME = "Bearer ";

    private final String token;
    private final byte[] digest;

    private BearerToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    /**
     * @throws IllegalArgumentException when the token is not made of {@code A-Z a-z 0-9 - . _ ~ + /} (then
     *                                  {@code =} padding), e.g. {@code openssl rand -hex 32}; the message does not
     *                                  contain it
     */
    public static BearerToken of(String token) {
        if (token == null || !SYNTAX.matcher(token).matches()) {
            throw new IllegalArgumentException(ENV + " must consist of A-Z a-z 0-9 - . _ ~ + / (then = padding), "
                    + "e.g. the output of `openssl rand -hex 32`");
        }
        return new BearerToken(token);
    }

    /** The token of {@value #ENV} in this process's environment, or null when unset or empty. */
    public static BearerToken fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The token of {@value #ENV} in {@code env}; when that is unset or empty, the content of the file
     * {@value #FILE_ENV} names (a mounted secret; surrounding whitespace stripped); else null.
     *
     * @throws IllegalArgumentException when the file cannot be read or holds no valid token
     */
    public static BearerToken fromEnvironment(Map<String, String> env) {
        String value = EnvironmentSecret.read(env, ENV);
        if (value == null) {
            return null;
        }
        try {
            return of(value);
        } catch (IllegalArgumentException e) {
            throw EnvironmentSecret.fromFile(env, ENV)
                    ? new IllegalArgumentException("the token in " + FILE_ENV + "=" + env.get(FILE_ENV) + ": "
                            + e.getMessage())
                    : e;
        }
    }

    /**
     * Whether an {@code Authorization} header value carries this token ({@code Bearer}, any case, then the
     * token). Compared in constant time: both sides are hashed and the hashes compared with
     * {@link MessageDigest#isEqual}, so neither the content nor the length of the token leaks through timing.
     */
    public boolean matches(String authorization) {
        if (authorization == null || authorization.length() < SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return false;
        }
        String given = authorization.substring(SCHEME.length()).strip();
        return MessageDigest.isEqual(digest, sha256(given));
    }

    /** The {@code Authorization} header value that carries this token, for requests to other instances. */
    public String authorization() {
        return SCHEME + token;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    /** Never the token. */
    @Override
    public String toString() {
        return "BearerToken[hidden]";
    }
}
