package io.streamcast.core.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
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
            withSha.validate();
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
        metadata.validate();
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
