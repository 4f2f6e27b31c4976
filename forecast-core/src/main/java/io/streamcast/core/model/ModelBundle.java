package io.streamcast.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.streamcast.core.domain.ShapeLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * A trained model as one versioned binary artifact: metadata JSON + DL4J weights, checksummed.
 *
 * <p>Wire layout (big-endian), documented in {@code docs/model-bundle.md}:
 * <pre>
 *   4 bytes  magic "SCMB"
 *   2 bytes  format version (1)
 *   4 bytes  metadata length M, then M bytes metadata JSON (UTF-8)
 *   4 bytes  weights length N, then N bytes DL4J ModelSerializer zip
 *   2 bytes  signature length S (0 = unsigned), then S bytes signature
 * </pre>
 * Reading checks every length, the SHA-256 of the weights recorded in the metadata, and the metadata's own
 * consistency; {@link ServingModel#load} then checks the network against the metadata. Immutable and shared
 * freely between threads; networks built from it are not.
 */
public final class ModelBundle {
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = {'S', 'C', 'M', 'B'};
    private static final int MAX_METADATA_BYTES = 1 << 20;

    static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final ModelMetadata metadata;
    private final byte[] metadataJson;
    private final byte[] weights;
    private final byte[] signature;

    private ModelBundle(ModelMetadata metadata, byte[] metadataJson, byte[] weights, byte[] signature) {
        this.metadata = metadata;
        this.metadataJson = metadataJson;
        this.weights = weights;
        this.signature = signature;
    }

    /** Builds a bundle, recording the SHA-256 of {@code weights} in the metadata. */
    public static ModelBundle create(ModelMetadata metadata, byte[] weights) {
        ModelMetadata withSha = metadata.withWeightsSha256(sha256Hex(weights));
        try {
            validate(withSha);
        } catch (BundleFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(withSha);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write model metadata", e);
        }
        return new ModelBundle(withSha, json, weights.clone(), new byte[0]);
    }

    /**
     * A retirement of model {@code modelName} (see {@link ModelMetadata#TARGET_BASELINE}): no network, so the
     * baseline serves once it is published. H, W and m are the service's, as for any bundle it checks; why the
     * model was retired is in the decision record published with it.
     *
     * @param group the forecast group the retired model served (null: the default group, declared as none)
     */
    public static ModelBundle retirement(String modelName, String group, String version, int horizon, int window,
                                         int season, Instant createdAt) {
        return create(new ModelMetadata(modelName, version, createdAt, horizon, window, season, List.of(), List.of(),
                Transform.NONE.scheme(), ModelMetadata.TARGET_BASELINE, null, null, null, null, 0, group),
                new byte[0]);
    }

    /** Whether this bundle retires the model (the baseline serves) instead of carrying a network. */
    public boolean retirement() {
        return metadata.retirement();
    }

    public static ModelBundle fromBytes(byte[] bytes) throws BundleFormatException {
        if (bytes == null) {
            throw new BundleFormatException("empty", "model bundle is null (tombstone?)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.remaining() < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new BundleFormatException("magic", "not a streamcast model bundle (bad magic)");
        }
        in.position(MAGIC.length);
        int format = Short.toUnsignedInt(in.getShort());
        if (format != FORMAT_VERSION) {
            throw new BundleFormatException("format", "unsupported bundle format " + format
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
        byte[] json = readBlock(in, 4, MAX_METADATA_BYTES, "metadata");
        byte[] weights = readBlock(in, 4, Integer.MAX_VALUE, "weights");
        byte[] signature = readBlock(in, 2, 0xffff, "signature");
        if (in.hasRemaining()) {
            throw new BundleFormatException("trailing", in.remaining() + " unexpected bytes after the signature");
        }
        ModelMetadata metadata;
        try {
            metadata = JSON.readValue(json, ModelMetadata.class);
        } catch (Exception e) {
            throw new BundleFormatException("metadata", "model metadata is not valid JSON: " + e.getMessage(), e);
        }
        validate(metadata);
        String actual = sha256Hex(weights);
        if (!actual.equalsIgnoreCase(metadata.weightsSha256())) {
            throw new BundleFormatException("checksum", "weights SHA-256 " + actual
                    + " does not match the metadata's " + metadata.weightsSha256());
        }
        return new ModelBundle(metadata, json, weights, signature);
    }

    public byte[] toBytes() {
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 + 4 + metadataJson.length + 4 + weights.length
                + 2 + signature.length);
        out.put(MAGIC).putShort((short) FORMAT_VERSION);
        out.putInt(metadataJson.length).put(metadataJson);
        out.putInt(weights.length).put(weights);
        out.putShort((short) signature.length).put(signature);
        return out.array();
    }

    /** The bytes a signature covers: the whole bundle up to (excluding) the signature block. */
    public byte[] signedContent() {
        byte[] all = toBytes();
        return Arrays.copyOf(all, all.length - 2 - signature.length);
    }

    public ModelBundle withSignature(byte[] newSignature) {
        if (newSignature.length > 0xffff) {
            throw new IllegalArgumentException("signature too long: " + newSignature.length);
        }
        return new ModelBundle(metadata, metadataJson, weights, newSignature.clone());
    }

    public ModelMetadata metadata() {
        return metadata;
    }

    public String version() {
        return metadata.version();
    }

    /** The publication sequence ({@link ModelMetadata#sequence()}), covered by the signature. */
    public long sequence() {
        return metadata.sequence();
    }

    public byte[] weights() {
        return weights.clone();
    }

    public byte[] signature() {
        return signature.clone();
    }

    /** A compact non-zero id for the version, stored with each key's carried state to detect stale state. */
    public int versionId() {
        return versionId(metadata.version());
    }

    public static int versionId(String version) {
        CRC32 crc = new CRC32();
        crc.update(version.getBytes(StandardCharsets.UTF_8));
        int id = (int) crc.getValue();
        return id == 0 ? 1 : id;
    }

    private static byte[] readBlock(ByteBuffer in, int lengthBytes, int max, String what)
            throws BundleFormatException {
        if (in.remaining() < lengthBytes) {
            throw new BundleFormatException("truncated", "bundle truncated before the " + what + " length");
        }
        long length = lengthBytes == 4 ? Integer.toUnsignedLong(in.getInt()) : Short.toUnsignedInt(in.getShort());
        if (length > max || length > in.remaining()) {
            throw new BundleFormatException("truncated", what + " length " + length + " exceeds the "
                    + in.remaining() + " bytes left");
        }
        byte[] block = new byte[(int) length];
        in.get(block);
        return block;
    }

    /**
     * What a version may look like: a short printable identifier. Every forecast repeats it and it becomes a
     * metric tag and a log field, so a version that is huge, unprintable or a lone surrogate would break them.
     */
    public static final Pattern VERSION_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,63}");
    /** What a model name may look like (it is the model-updates key and a configuration value). */
    public static final Pattern NAME_PATTERN =
            Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private static final String EMPTY_SHA256 = sha256Hex(new byte[0]);
    /** Sanity bounds of a bundle's shape: H and W as any forecast's, the layers far above what the trainer makes. */
    static final int MAX_HORIZON = ShapeLimits.MAX_HORIZON;
    static final int MAX_WINDOW = ShapeLimits.MAX_WINDOW;
    static final int MAX_LAYERS = 8;
    static final int MAX_HIDDEN = 4096;

    static void validate(ModelMetadata m) throws BundleFormatException {
        require(m.modelName() != null && !m.modelName().isBlank(), "model_name is missing");
        require(m.version() != null && !m.version().isBlank(), "version is missing");
        if (!VERSION_PATTERN.matcher(m.version()).matches()) {
            throw new BundleFormatException("version", "version must be 1-64 of [A-Za-z0-9._+-] starting with a "
                    + "letter or digit, got " + printable(m.version()));
        }
        if (!NAME_PATTERN.matcher(m.modelName()).matches()) {
            throw new BundleFormatException("metadata", "model_name must be 1-128 of [A-Za-z0-9._-] starting "
                    + "with a letter or digit, got " + printable(m.modelName()));
        }
        if (m.group() != null && !NAME_PATTERN.matcher(m.group()).matches()) {
            throw new BundleFormatException("metadata", "group must be 1-128 of [A-Za-z0-9._-] starting "
                    + "with a letter or digit, got " + printable(m.group()));
        }
        require(m.sequence() >= 0, "sequence must be >= 0, got " + m.sequence());
        require(m.rollbackOf() == null || m.rollbackOf().equals("none")
                || VERSION_PATTERN.matcher(m.rollbackOf()).matches(), "rollback_of is not a version");
        require(m.createdAt() != null, "created_at is missing");
        // upper bounds too: a forged shape must not make the loader allocate gigabytes
        require(m.horizon() >= 1 && m.horizon() <= MAX_HORIZON, "horizon must be in [1, " + MAX_HORIZON + "], got "
                + m.horizon());
        require(m.window() >= 1 && m.window() <= MAX_WINDOW, "window must be in [1, " + MAX_WINDOW + "], got "
                + m.window());
        require(m.season() >= 1 && m.season() <= MAX_WINDOW, "season must be in [1, " + MAX_WINDOW + "], got "
                + m.season());
        if (m.retirement()) {
            require(m.features().isEmpty() && m.hiddenSizes().isEmpty(),
                    "a retirement (target '" + ModelMetadata.TARGET_BASELINE + "') has no features or hidden sizes");
            require(m.weightsSha256() != null && m.weightsSha256().equals(EMPTY_SHA256),
                    "a retirement (target '" + ModelMetadata.TARGET_BASELINE + "') has no weights");
            return;
        }
        require(m.features().size() <= 64, "at most 64 features, got " + m.features().size());
        require(!m.features().isEmpty(), "features is empty");
        for (String f : m.features()) {
            try {
                Feature.fromWireName(f);
            } catch (IllegalArgumentException e) {
                throw new BundleFormatException("metadata", e.getMessage());
            }
        }
        require(!m.hiddenSizes().isEmpty() && m.hiddenSizes().size() <= MAX_LAYERS
                        && m.hiddenSizes().stream().allMatch(h -> h != null && h > 0 && h <= MAX_HIDDEN),
                "hidden_sizes must be 1 to " + MAX_LAYERS + " widths in [1, " + MAX_HIDDEN + "], got "
                        + m.hiddenSizes());
        require(m.transform() != null, "normalization " + printable(m.normalization()) + " is none of "
                + java.util.Arrays.stream(Transform.values()).map(Transform::scheme).toList());
        require(m.season2() >= 0 && m.season2() < m.window(), "season2 must be in [0, window) = [0, " + m.window()
                + "), got " + m.season2());
        require(m.season2() > 0 || m.featureArray().length == 0
                        || java.util.Arrays.stream(m.featureArray()).noneMatch(Feature::usesSeason2),
                "features " + m.features() + " read a second season but season2 is 0");
        require(ModelMetadata.TARGET_BASELINE_CORRECTION.equals(m.target()),
                "target '" + m.target() + "' is not '" + ModelMetadata.TARGET_BASELINE_CORRECTION + "' or '"
                        + ModelMetadata.TARGET_BASELINE + "'");
        require(m.weightsSha256() != null && m.weightsSha256().length() == 64, "weights_sha256 is missing");
    }

    /** A short, printable rendering of an untrusted string for a message: escapes, at most 80 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder("'");
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append(s.length() > 80 ? "'... (" + s.length() + " chars)" : "'").toString();
    }

    private static void require(boolean ok, String message) throws BundleFormatException {
        if (!ok) {
            throw new BundleFormatException("metadata", "inconsistent metadata: " + message);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "ModelBundle[" + metadata.modelName() + " " + metadata.version() + ", " + weights.length
                + " B weights]";
    }
}
