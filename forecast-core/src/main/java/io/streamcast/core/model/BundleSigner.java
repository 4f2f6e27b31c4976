package io.streamcast.core.model;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures over a bundle's content (everything before its signature block). With a key
 * configured ({@code STREAMCAST_MODEL_KEY}), the trainer signs what it publishes and streams-app refuses
 * unsigned or tampered bundles, so only holders of the key can change the serving model.
 */
public final class BundleSigner {
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public BundleSigner(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("signing key is empty");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    }

    public ModelBundle sign(ModelBundle bundle) {
        return bundle.withSignature(mac(bundle.signedContent()));
    }

    /** @throws BundleFormatException {@code unsigned} or {@code signature} when the bundle is not signed by this key */
    public void verify(ModelBundle bundle) throws BundleFormatException {
        byte[] signature = bundle.signature();
        if (signature.length == 0) {
            throw new BundleFormatException("unsigned", "bundle " + bundle.version()
                    + " is not signed and a model key is configured");
        }
        if (!MessageDigest.isEqual(signature, mac(bundle.signedContent()))) {
            throw new BundleFormatException("signature", "bundle " + bundle.version()
                    + " has a signature that does not match the configured model key (tampered, or another key)");
        }
    }

    private byte[] mac(byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
