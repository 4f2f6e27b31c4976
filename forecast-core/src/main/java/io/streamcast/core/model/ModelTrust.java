package io.streamcast.core.model;

/**
 * Which model bundles a service trusts, and how it signs what it publishes.
 *
 * <ul>
 *   <li>{@link #signed(String) signed}: a key is configured ({@code STREAMCAST_MODEL_KEY}); bundles must carry
 *       its HMAC-SHA256 signature, and what this service publishes is signed with it;</li>
 *   <li>{@link #unsignedAllowed() unsigned allowed}: no key, and the operator said so explicitly
 *       ({@code --allow-unsigned}); any well-formed bundle is served, published bundles are unsigned;</li>
 *   <li>{@link #none() none}: no key and no permission: every bundle is refused ({@code untrusted}), so the
 *       baseline serves. The default, so that forgetting the key never means serving whatever appears on the
 *       model topic.</li>
 * </ul>
 * The key never appears in {@link #toString()}.
 *
 * @param key           the HMAC key, or null
 * @param allowUnsigned whether unsigned bundles are acceptable (only without a key)
 */
public record ModelTrust(String key, boolean allowUnsigned) {
    /** The environment variable holding the key (never a flag: it would show in {@code ps}). */
    public static final String KEY_ENV = "STREAMCAST_MODEL_KEY";

    public ModelTrust {
        if (key != null && key.isEmpty()) {
            key = null;
        }
        if (key != null && allowUnsigned) {
            throw new IllegalArgumentException("--allow-unsigned contradicts " + KEY_ENV
                    + ": with a key every bundle must be signed; unset one of them");
        }
    }

    public static ModelTrust signed(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("model key is empty");
        }
        return new ModelTrust(key, false);
    }

    public static ModelTrust unsignedAllowed() {
        return new ModelTrust(null, true);
    }

    public static ModelTrust none() {
        return new ModelTrust(null, false);
    }

    /** From {@value #KEY_ENV} in {@code env} and the {@code --allow-unsigned} flag. */
    public static ModelTrust from(java.util.Map<String, String> env, boolean allowUnsigned) {
        return new ModelTrust(env.get(KEY_ENV), allowUnsigned);
    }

    public boolean hasKey() {
        return key != null;
    }

    /**
     * @throws BundleFormatException {@code untrusted} without a key or permission, {@code unsigned} or
     *                               {@code signature} when the bundle is not signed by the key
     */
    public void check(ModelBundle bundle) throws BundleFormatException {
        if (key != null) {
            new BundleSigner(key).verify(bundle);
        } else if (!allowUnsigned) {
            throw new BundleFormatException("untrusted", "bundle " + bundle.version() + " refused: no "
                    + KEY_ENV + " is set and unsigned bundles were not allowed (--allow-unsigned)");
        }
    }

    /** The bundle as this service publishes it: signed with the key, or as it is without one. */
    public ModelBundle sign(ModelBundle bundle) {
        return key == null ? bundle : new BundleSigner(key).sign(bundle);
    }

    /** For logs and {@code /health}: {@code signed}, {@code unsigned-allowed} or {@code none}. */
    public String mode() {
        return key != null ? "signed" : allowUnsigned ? "unsigned-allowed" : "none";
    }

    @Override
    public String toString() { // never the key
        return "ModelTrust[" + mode() + "]";
    }
}
