package io.streamcast.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.testing.TestModels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelBundleTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.builder().horizon(6).window(12).season(4)
            .maxGapFill(3).build();

    private static BundleFormatException rejection(byte[] bytes) {
        try {
            ModelBundle.fromBytes(bytes);
        } catch (BundleFormatException e) {
            return e;
        }
        throw new AssertionError("bundle was accepted");
    }

    @Test
    void roundTripKeepsMetadataWeightsAndChecksum() throws Exception {
        ModelBundle bundle = TestModels.bundle(SETTINGS, "v1", 1);
        ModelBundle back = ModelBundle.fromBytes(bundle.toBytes());
        assertThat(back.metadata()).isEqualTo(bundle.metadata());
        assertThat(back.weights()).isEqualTo(bundle.weights());
        assertThat(back.toBytes()).isEqualTo(bundle.toBytes());
        assertThat(back.metadata().weightsSha256()).hasSize(64);
        assertThat(back.versionId()).isEqualTo(ModelBundle.versionId("v1")).isNotZero();
        // metadata JSON is snake_case, as docs/model-bundle.md shows
        String all = new String(bundle.toBytes(), StandardCharsets.ISO_8859_1);
        assertThat(all).contains("\"weights_sha256\"").contains("\"hidden_sizes\":[8]")
                .contains("\"created_at\":\"2026-11-23T00:00:00Z\"");
    }

    @Test
    void aLogSpaceModelWithASecondSeasonRoundTripsAndOldBundlesReadAsTheSeriesUnitsWithout() throws Exception {
        ForecastSettings wide = ForecastSettings.builder().horizon(6).window(12).season(4).maxGapFill(3).build();
        ModelMetadata m = TestModels.metadata(wide, "v2", List.of(8));
        ModelMetadata weekly = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(), m.window(),
                m.season(), List.of("value", "season2_diff", "season2_ahead"), m.hiddenSizes(),
                Transform.LOG.scheme(), m.target(), m.trainingMetrics(), m.backtestMetrics(), null, null, 7, null, 8);
        ModelBundle bundle = ModelBundle.create(weekly, new byte[] {1, 2, 3});
        ModelBundle back = ModelBundle.fromBytes(bundle.toBytes());
        assertThat(back.metadata().season2()).isEqualTo(8);
        assertThat(back.metadata().transform()).isEqualTo(Transform.LOG);
        assertThat(Feature.inputSize(back.metadata().featureArray(), 6)).isEqualTo(1 + 1 + 6);
        String all = new String(bundle.toBytes(), StandardCharsets.ISO_8859_1);
        assertThat(all).contains("\"season2\":8").contains("\"normalization\":\"log/ema-level/snaive-mae-scale\"");
        // a bundle written before either existed: no season2 key, the scheme of the series' units
        ModelBundle old = TestModels.bundle(SETTINGS, "v1", 1);
        String oldJson = new String(old.toBytes(), StandardCharsets.ISO_8859_1).replace(",\"season2\":0", "");
        assertThat(oldJson).doesNotContain("season2");
        ModelMetadata read = ModelBundle.JSON.readValue(oldJson.substring(oldJson.indexOf('{'),
                oldJson.lastIndexOf('}') + 1), ModelMetadata.class);
        assertThat(read.season2()).isZero();
        assertThat(read.transform()).isEqualTo(Transform.NONE);
    }

    @Test
    void secondSeasonInputsNeedASecondSeasonInsideTheWindowAndTheSchemeMustBeKnown() {
        ModelMetadata m = TestModels.metadata(SETTINGS, "v3", List.of(8));
        ModelMetadata noSeason2 = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(),
                m.window(), m.season(), List.of("value", "season2_ahead"), m.hiddenSizes(), m.normalization(),
                m.target(), m.trainingMetrics(), m.backtestMetrics(), "0".repeat(64), null, 1, null, 0);
        assertThatThrownBy(() -> noSeason2.validate()).hasMessageContaining("season2 is 0");
        ModelMetadata beyond = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(),
                m.window(), m.season(), List.of("value", "season2_diff"), m.hiddenSizes(), m.normalization(),
                m.target(), m.trainingMetrics(), m.backtestMetrics(), "0".repeat(64), null, 1, null, m.window());
        assertThatThrownBy(() -> beyond.validate()).hasMessageContaining("season2 must be in [0, window)");
        ModelMetadata unknown = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(),
                m.window(), m.season(), m.features(), m.hiddenSizes(), "sqrt/ema-level", m.target(),
                m.trainingMetrics(), m.backtestMetrics(), "0".repeat(64), null, 1, null, 0);
        assertThatThrownBy(() -> unknown.validate()).hasMessageContaining("normalization 'sqrt/ema-level'");
    }

    @Test
    void corruptBundlesAreRejectedWithTheFailedCheck() {
        byte[] good = TestModels.bundle(SETTINGS, "v1", 1).toBytes();

        assertThat(rejection(null).reason()).isEqualTo("empty");
        assertThat(rejection("hello".getBytes(StandardCharsets.UTF_8)).reason()).isEqualTo("magic");

        byte[] format = good.clone();
        format[5] = 9;
        assertThat(rejection(format).getMessage()).contains("unsupported bundle format 9");

        assertThat(rejection(Arrays.copyOf(good, good.length - 10)).reason()).isEqualTo("truncated");
        assertThat(rejection(Arrays.copyOf(good, 12)).reason()).isEqualTo("truncated");
        assertThat(rejection(Arrays.copyOf(good, good.length + 3)).reason()).isEqualTo("trailing");

        byte[] flipped = good.clone();
        flipped[good.length - 50] ^= 1; // inside the weights
        assertThat(rejection(flipped).reason()).isEqualTo("checksum");

        byte[] badJson = good.clone();
        badJson[10] = '#'; // first byte of the metadata JSON
        assertThat(rejection(badJson).reason()).isEqualTo("metadata");
    }

    @Test
    void inconsistentMetadataIsRefusedAtCreation() {
        byte[] weights = TestModels.bundle(SETTINGS, "v1", 1).weights();
        ModelMetadata good = TestModels.metadata(SETTINGS, "v1", List.of(8));
        ModelMetadata unknownFeature = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                good.horizon(), good.window(), good.season(), List.of("value", "moon_phase"), good.hiddenSizes(),
                good.normalization(), good.target(), null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(unknownFeature, weights)).hasMessageContaining("moon_phase");
        ModelMetadata otherScheme = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                good.horizon(), good.window(), good.season(), good.features(), good.hiddenSizes(), "z-score",
                good.target(), null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(otherScheme, weights)).hasMessageContaining("z-score");
        // shapes a forged bundle could use to make the loader allocate gigabytes
        ModelMetadata huge = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                good.horizon(), good.window(), good.season(), good.features(), List.of(1_000_000), good.normalization(),
                good.target(), null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(huge, weights)).hasMessageContaining("hidden_sizes");
        ModelMetadata longHorizon = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                1_000_000, good.window(), good.season(), good.features(), good.hiddenSizes(), good.normalization(),
                good.target(), null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(longHorizon, weights)).hasMessageContaining("horizon");
        ModelMetadata badVersion = new ModelMetadata(good.modelName(), "v1 with spaces", good.createdAt(),
                good.horizon(), good.window(), good.season(), good.features(), good.hiddenSizes(),
                good.normalization(), good.target(), null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(badVersion, weights)).hasMessageContaining("version");
        ModelMetadata badGroup = good.withGroup("sensors/../x");
        assertThatThrownBy(() -> ModelBundle.create(badGroup, weights)).hasMessageContaining("group");
        ModelMetadata otherTarget = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                good.horizon(), good.window(), good.season(), good.features(), good.hiddenSizes(),
                good.normalization(), "value", null, null, null, null, 0);
        assertThatThrownBy(() -> ModelBundle.create(otherTarget, weights)).hasMessageContaining("target 'value'");
    }

    @Test
    void aBundleSaysWhichBaselineItCorrects() throws Exception {
        byte[] weights = TestModels.bundle(SETTINGS, "v1", 1).weights();
        ModelMetadata good = TestModels.metadata(SETTINGS, "v1", List.of(8));
        assertThat(good.carriesSeasonalDifference()).isFalse();
        ModelMetadata carried = new ModelMetadata(good.modelName(), good.version(), good.createdAt(),
                good.horizon(), good.window(), good.season(), good.features(), good.hiddenSizes(),
                good.normalization(), ModelMetadata.TARGET_CARRIED_BASELINE_CORRECTION, null, null, null, null, 0);
        ModelBundle back = ModelBundle.fromBytes(ModelBundle.create(carried, weights).toBytes());
        assertThat(back.metadata().target()).isEqualTo("carried-baseline-correction/scale");
        assertThat(back.metadata().carriesSeasonalDifference()).isTrue();
    }

    @Test
    void aBundleDeclaresItsGroupAndOneWithoutAGroupIsTheDefaultGroups() throws Exception {
        ModelBundle plain = TestModels.bundle(SETTINGS, "v1", 1);
        assertThat(plain.metadata().group()).isNull();
        assertThat(plain.metadata().servedGroup()).isEqualTo(ModelMetadata.DEFAULT_GROUP);
        ModelBundle sensors = ModelBundle.create(plain.metadata().withGroup("sensors"), plain.weights());
        ModelBundle back = ModelBundle.fromBytes(sensors.toBytes());
        assertThat(back.metadata().group()).isEqualTo("sensors");
        assertThat(back.metadata().servedGroup()).isEqualTo("sensors");
        assertThat(back.metadata()).isEqualTo(sensors.metadata());
    }

    @Test
    void aRetirementCarriesNoNetworkAndRoundTrips() throws Exception {
        ModelBundle retirement = ModelBundle.retirement("streamcast-lstm", "sensors", "retire-v2", 6, 12,
                4, java.time.Instant.parse("2026-12-02T00:00:00Z"));
        ModelBundle back = ModelBundle.fromBytes(retirement.toBytes());
        assertThat(back.retirement()).isTrue();
        assertThat(back.metadata().group()).isEqualTo("sensors");
        assertThat(back.metadata().target()).isEqualTo(ModelMetadata.TARGET_BASELINE);
        assertThat(back.metadata().features()).isEmpty();
        assertThat(back.weights()).isEmpty();
        assertThat(TestModels.bundle(SETTINGS, "v1", 1).retirement()).isFalse();
        assertThatThrownBy(() -> ServingModel.load(back, KernelKind.JAVA))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("retires the model");
        // a retirement with a network, or a model without one, is inconsistent
        ModelMetadata m = retirement.metadata();
        assertThatThrownBy(() -> ModelBundle.create(m, new byte[] {1, 2, 3})).hasMessageContaining("no weights");
        ModelMetadata withFeatures = new ModelMetadata(m.modelName(), m.version(), m.createdAt(), m.horizon(),
                m.window(), m.season(), List.of("value"), List.of(), m.normalization(), m.target(), null, null, null,
                null, 0);
        assertThatThrownBy(() -> ModelBundle.create(withFeatures, new byte[0])).hasMessageContaining("no features");
        ModelMetadata model = TestModels.metadata(SETTINGS, "v3", List.of());
        assertThatThrownBy(() -> ModelBundle.create(model, new byte[0])).hasMessageContaining("hidden_sizes");
    }

    @Test
    void servingModelChecksTheNetworkAgainstTheMetadata() throws Exception {
        ModelBundle ok = TestModels.bundle(SETTINGS, "v1", 1);
        ServingModel model = ServingModel.load(ok, KernelKind.JAVA);
        assertThat(model.kernel().outputSize()).isEqualTo(6);
        assertThat(model.features()).hasSize(TestModels.FEATURES.size());
        assertThat(model.privateCopy().kernel()).isNotSameAs(model.kernel());
        assertThat(ServingModel.load(ok, KernelKind.DL4J).kernel()).isInstanceOf(Dl4jStepKernel.class);

        // metadata says H = 6 but the network outputs 5
        ModelBundle wrongHorizon = ModelBundle.create(TestModels.metadata(SETTINGS, "v2", List.of(8)),
                LstmNetworks.toBytes(TestModels.network(5, 8, 1)));
        assertThatThrownBy(() -> ServingModel.load(wrongHorizon, KernelKind.JAVA))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("horizon 6");

        ModelBundle notANetwork = ModelBundle.create(TestModels.metadata(SETTINGS, "v3", List.of(8)),
                "not a zip".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ServingModel.load(notANetwork, KernelKind.JAVA))
                .isInstanceOf(BundleFormatException.class)
                .satisfies(e -> assertThat(((BundleFormatException) e).reason()).isEqualTo("weights"));
    }
}
