package io.streamcast.streams.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.BundleSigner;
import io.streamcast.core.model.KernelKind;
import io.streamcast.core.model.LstmNetworks;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.model.ServingModel;
import io.streamcast.core.testing.TestModels;
import io.streamcast.streams.metrics.StreamsAppMetrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** Which bundles become the serving model, and that nothing in a bundle can break the registry. */
class ModelRegistryTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StreamsAppMetrics metrics = new StreamsAppMetrics(meters, SETTINGS);

    private ModelRegistry registry(ModelTrust trust) {
        return new ModelRegistry(SETTINGS, KernelKind.JAVA, trust, metrics);
    }

    private double rejected(String reason) {
        var c = meters.find("streamcast.model.rejected").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    private static ModelBundle bundle(String version) {
        return TestModels.bundle(SETTINGS, version, 1);
    }

    @Test
    void withoutAKeyOrPermissionEveryBundleIsRefusedAndTheBaselineServes() {
        ModelRegistry registry = registry(ModelTrust.none());
        assertThat(registry.offer(bundle("v1").toBytes(), "test")).isFalse();
        assertThat(registry.current()).isNull();
        assertThat(rejected("untrusted")).isEqualTo(1);
        assertThat(registry.lastRefusal().message()).contains("STREAMCAST_MODEL_KEY").contains("--allow-unsigned");
    }

    private static ModelBundle forGroup(ModelBundle b, String group) {
        return ModelBundle.create(b.metadata().withGroup(group), b.weights());
    }

    @Test
    void aGroupServesOnlyTheBundlesThatDeclareIt() {
        ModelRegistry sensors = new ModelRegistry("sensors", SETTINGS, KernelKind.JAVA, ModelTrust.unsignedAllowed(),
                metrics);
        assertThat(sensors.offer(bundle("v1").toBytes(), "test")).isFalse(); // declares none: the default group's
        assertThat(sensors.offer(forGroup(bundle("v2"), "stocks").toBytes(), "test")).isFalse();
        assertThat(rejected("wrong-group")).isEqualTo(2);
        assertThat(sensors.lastRefusal().message()).contains("'stocks'").contains("'sensors'");
        assertThat(sensors.current()).isNull();
        assertThat(sensors.offer(forGroup(bundle("v3"), "sensors").toBytes(), "test")).isTrue();
        assertThat(sensors.current().version()).isEqualTo("v3");

        ModelRegistry byDefault = registry(ModelTrust.unsignedAllowed());
        assertThat(byDefault.offer(forGroup(bundle("v4"), "sensors").toBytes(), "test")).isFalse();
        assertThat(byDefault.offer(forGroup(bundle("v5"), "default").toBytes(), "test")).isTrue();
        assertThat(rejected("wrong-group")).isEqualTo(3);
    }

    @Test
    void unsignedBundlesServeOnlyWhenExplicitlyAllowed() {
        ModelRegistry registry = registry(ModelTrust.unsignedAllowed());
        assertThat(registry.offer(bundle("v1").toBytes(), "test")).isTrue();
        assertThat(registry.current().version()).isEqualTo("v1");
    }

    @Test
    void withAKeyUnsignedAndOtherKeysBundlesAreRefused() {
        ModelRegistry registry = registry(ModelTrust.signed("k1"));
        assertThat(registry.offer(bundle("v1").toBytes(), "test")).isFalse();
        assertThat(registry.offer(new BundleSigner("k2").sign(bundle("v2")).toBytes(), "test")).isFalse();
        assertThat(registry.offer(new BundleSigner("k1").sign(bundle("v3")).toBytes(), "test")).isTrue();
        assertThat(rejected("unsigned")).isEqualTo(1);
        assertThat(rejected("signature")).isEqualTo(1);
    }

    @Test
    void anOlderSignedBundleReplayedOntoTheTopicIsRefusedAndTheSameOneAgainIsNoRefusal() {
        BundleSigner signer = new BundleSigner("k1");
        byte[] older = signer.sign(bundle("v1")).toBytes(); // made first: the lower sequence
        byte[] newer = signer.sign(bundle("v2")).toBytes();
        ModelRegistry registry = registry(ModelTrust.signed("k1"));
        assertThat(registry.offer(newer, "test")).isTrue();
        assertThat(registry.offer(older, "test")).isFalse();
        assertThat(registry.current().version()).isEqualTo("v2");
        assertThat(rejected("stale")).isEqualTo(1);
        assertThat(registry.offer(newer, "restart")).isFalse();
        assertThat(rejected("stale")).isEqualTo(1);
        // a rollback is the old weights under a new sequence: served
        ModelBundle rollback = ModelBundle.create(bundle("v1").metadata().asRollbackOf("v2")
                .withSequence(registry.current().bundle().sequence() + 1), bundle("v1").weights());
        assertThat(registry.offer(signer.sign(rollback).toBytes(), "rollback")).isTrue();
        assertThat(registry.current().version()).isEqualTo("v1");
    }

    @Test
    void aRetirementMakesTheBaselineServeAndTheRetiredModelReplayedIsStale() {
        BundleSigner signer = new BundleSigner("k1");
        ModelBundle model = signer.sign(bundle("v1"));
        ModelRegistry registry = registry(ModelTrust.signed("k1"));
        assertThat(registry.offer(model.toBytes(), "test")).isTrue();
        assertThat(meters.get("streamcast.model.serving").tag("version", "v1").gauge().value()).isEqualTo(1);

        ModelBundle retirement = retirement(model, bundle("later").sequence()); // the next sequence
        assertThat(registry.offer(retirement.toBytes(), "test")).as("an unsigned retirement").isFalse();
        assertThat(registry.current().version()).isEqualTo("v1");
        assertThat(registry.offer(signer.sign(retirement).toBytes(), "test")).isTrue();
        assertThat(registry.current()).isNull();
        assertThat(meters.get("streamcast.model.serving").tag("version", "baseline").gauge().value()).isEqualTo(1);
        assertThat(registry.offer(signer.sign(retirement).toBytes(), "restart")).isFalse(); // the same again
        double stale = rejected("stale");
        assertThat(registry.offer(model.toBytes(), "replay")).isFalse(); // the retired model, replayed
        assertThat(rejected("stale")).isEqualTo(stale + 1);
        assertThat(registry.current()).isNull();

        ModelBundle next = signer.sign(bundle("v2"));
        assertThat(registry.offer(next.toBytes(), "test")).isTrue();
        assertThat(registry.current().version()).isEqualTo("v2");
    }

    private static ModelBundle retirement(ModelBundle of, long sequence) {
        ModelBundle r = ModelBundle.retirement(of.metadata().modelName(), of.metadata().group(),
                "retire-" + of.version(),
                of.metadata().horizon(), of.metadata().window(), of.metadata().season(), java.time.Instant.now());
        return ModelBundle.create(r.metadata().withSequence(sequence), new byte[0]);
    }

    @Test
    void aBundleWithNonFiniteWeightsIsRefusedInsteadOfSilentlyServingTheBaseline() {
        ModelRegistry registry = registry(ModelTrust.unsignedAllowed());
        assertThat(registry.offer(bundle("v1").toBytes(), "test")).isTrue();
        MultiLayerNetwork net = TestModels.network(SETTINGS.horizon(), 8, 3);
        net.params().putScalar(5, Float.NaN);
        ModelBundle nan = ModelBundle.create(TestModels.metadata(SETTINGS, "nan", List.of(8)), LstmNetworks.toBytes(net));
        assertThat(registry.offer(nan.toBytes(), "test")).isFalse();
        assertThat(rejected("non-finite")).isEqualTo(1);
        assertThat(registry.current().version()).isEqualTo("v1");
    }

    @Test
    void aVersionThatIsNotAShortPrintableIdentifierIsRefused() {
        ModelRegistry registry = registry(ModelTrust.unsignedAllowed());
        byte[] good = bundle("v1").toBytes();
        byte[] loneSurrogate = withMetadata(good, json -> json.replace("\"version\":\"v1\"", "\"version\":\"\\ud800\""));
        byte[] huge = withMetadata(good, json -> json.replace("\"version\":\"v1\"", "\"version\":\""
                + "x".repeat(100_000) + "\""));
        byte[] newline = withMetadata(good, json -> json.replace("\"version\":\"v1\"", "\"version\":\"v1\\nv2\""));
        for (byte[] bad : List.of(loneSurrogate, huge, newline)) {
            assertThat(registry.offer(bad, "test")).isFalse();
        }
        assertThat(rejected("version")).isEqualTo(3);
        assertThat(registry.current()).isNull();
        assertThat(registry.offer(good, "test")).isTrue();
    }

    @Test
    void anErrorWhileLoadingRefusesTheBundleAndTheCurrentModelKeepsServing() {
        ModelRegistry registry = new ModelRegistry(ModelRegistry.class.getSimpleName(), SETTINGS, KernelKind.JAVA,
                ModelTrust.unsignedAllowed(), metrics, (bundle, kind) -> {
                    if (bundle.version().equals("v2")) {
                        throw new ExceptionInInitializerError("native library failed to load");
                    }
                    return ServingModel.load(bundle, kind);
                });
        assertThat(registry.offer(forGroup(bundle("v1"), ModelRegistry.class.getSimpleName()).toBytes(), "test"))
                .isTrue();
        assertThat(registry.offer(forGroup(bundle("v2"), ModelRegistry.class.getSimpleName()).toBytes(), "test"))
                .isFalse();
        assertThat(registry.current().version()).isEqualTo("v1");
        assertThat(rejected("load-error")).isEqualTo(1);
    }

    @Test
    void aBundleForAnotherHorizonIsRefused() {
        ForecastSettings other = ForecastSettings.builder().horizon(8).window(12).season(4).maxGapFill(3).build();
        ModelRegistry registry = registry(ModelTrust.unsignedAllowed());
        assertThat(registry.offer(TestModels.bundle(other, "h8", 1).toBytes(), "test")).isFalse();
        assertThat(rejected("incompatible")).isEqualTo(1);
    }

    /** The bundle with its metadata JSON rewritten (weights and their checksum untouched; unsigned). */
    static byte[] withMetadata(byte[] bundle, UnaryOperator<String> edit) {
        ByteBuffer in = ByteBuffer.wrap(bundle);
        byte[] head = new byte[6];
        in.get(head);
        byte[] json = new byte[in.getInt()];
        in.get(json);
        byte[] weights = new byte[in.getInt()];
        in.get(weights);
        byte[] edited = edit.apply(new String(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(6 + 4 + edited.length + 4 + weights.length + 2).put(head).putInt(edited.length)
                .put(edited).putInt(weights.length).put(weights).putShort((short) 0).array();
    }
}
