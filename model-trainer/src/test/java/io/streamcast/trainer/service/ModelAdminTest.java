package io.streamcast.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.forecast.ForecastSettings;
import io.streamcast.core.model.ModelBundle;
import io.streamcast.core.model.ModelMetadata;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.core.testing.TestModels;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link ModelAdmin}'s list and rollback against model topics held in maps (the real-broker path: ReplayIntegrationTest). */
class ModelAdminTest {
    private static final ForecastSettings SETTINGS = ForecastSettings.defaults();
    private static final ModelTrust TRUST = ModelTrust.signed("model-admin-test-key");

    /** The compacted model topics as latest-value-per-key maps, in publication order. */
    private final Map<String, Map<String, byte[]>> topics = new HashMap<>();
    private final TrainerConfig config = TrainerConfig.defaults("127.0.0.1:1", SETTINGS).withModelTrust(TRUST);
    private final ModelAdmin admin = adminOf(config);

    private ModelAdmin adminOf(TrainerConfig of) {
        return new ModelAdmin(of, new ModelAdmin.ModelTopicsAccess() {
            @Override
            public Map<String, byte[]> latestByKey(String topic) {
                return new LinkedHashMap<>(topics.getOrDefault(topic, Map.of()));
            }

            @Override
            public void publish(String topic, String key, byte[] value) {
                Map<String, byte[]> t = topics.computeIfAbsent(topic, k -> new LinkedHashMap<>());
                t.remove(key);
                t.put(key, value);
            }
        });
    }

    /** A bundle of model {@code model} declaring {@code group}, archived (and serving when {@code serve}). */
    private ModelBundle groupBundle(String model, String group, String version, boolean serve) {
        ModelMetadata m = TestModels.metadata(SETTINGS, version, List.of(8));
        ModelBundle b = TRUST.sign(ModelBundle.create(new ModelMetadata(model, m.version(), m.createdAt(),
                m.horizon(), m.window(), m.season(), m.features(), m.hiddenSizes(), m.normalization(), m.target(),
                m.trainingMetrics(), m.backtestMetrics(), null, null, m.sequence(), group),
                TestModels.bundle(SETTINGS, "x", 4).weights()));
        admin(config.topics().modelArchive(), version, b);
        if (serve) {
            admin(config.topics().modelUpdates(), model, b);
        }
        return b;
    }

    @Test
    void aGroupsAdminListsItsModelOnlyAndRollsBackKeepingTheGroup() throws Exception {
        TrainerConfig sensors = config.forGroup("sensors", "sensors-lstm", SETTINGS, HistoryInputs.of("in"),
                config.topics());
        ModelAdmin admin = adminOf(sensors);
        groupBundle("sensors-lstm", "sensors", "sensors-a", false);
        groupBundle("stocks-lstm", "stocks", "stocks-a", true);
        groupBundle("sensors-lstm", "stocks", "sensors-misfiled", false);
        groupBundle("sensors-lstm", "sensors", "sensors-b", true);

        // the archive holds every group's models: a group's list is its model's
        assertThat(admin.list()).extracting(e -> e.metadata().version())
                .containsExactly("sensors-a", "sensors-misfiled", "sensors-b");
        assertThat(admin.currentVersion()).isEqualTo("sensors-b");

        ModelBundle rollback = admin.rollback("sensors-a");
        assertThat(rollback.metadata().group()).isEqualTo("sensors");
        assertThat(rollback.metadata().rollbackOf()).isEqualTo("sensors-b");
        ModelBundle now = ModelBundle.fromBytes(topics.get(config.topics().modelUpdates()).get("sensors-lstm"));
        assertThat(now.metadata().group()).isEqualTo("sensors");
        TRUST.check(now); // re-signed with the group inside the signed content
        // the other group's model is untouched
        assertThat(ModelBundle.fromBytes(topics.get(config.topics().modelUpdates()).get("stocks-lstm")).version())
                .isEqualTo("stocks-a");

        // a bundle under the group's model name that declares another group would be refused by streams-app
        assertThatThrownBy(() -> admin.rollback("sensors-misfiled"))
                .hasMessageContaining("is a bundle of group stocks, not sensors");
    }

    private ModelBundle published(String version, long seed) {
        ModelBundle b = TRUST.sign(TestModels.bundle(SETTINGS, version, seed));
        admin(config.topics().modelArchive(), version, b);
        admin(config.topics().modelUpdates(), config.modelName(), b);
        return b;
    }

    private void admin(String topic, String key, ModelBundle b) {
        topics.computeIfAbsent(topic, k -> new LinkedHashMap<>()).remove(key);
        topics.get(topic).put(key, b.toBytes());
    }

    @Test
    void listsTheArchiveInPublicationOrderAndMarksTheServingVersion() {
        published("lstm-a", 1);
        published("lstm-b", 2);
        topics.get(config.topics().modelArchive()).put("garbage", new byte[] {1, 2, 3}); // unreadable: not listed

        var entries = admin.list();
        assertThat(entries).extracting(e -> e.metadata().version()).containsExactly("lstm-a", "lstm-b");
        assertThat(entries).extracting(ModelAdmin.Entry::current).containsExactly(false, true);
        assertThat(admin.currentVersion()).isEqualTo("lstm-b");
    }

    @Test
    void rollbackRepublishesTheArchivedWeightsSignedWithAHigherSequenceAndRecordsWhatItReplaced() throws Exception {
        ModelBundle a = published("lstm-a", 1);
        ModelBundle b = published("lstm-b", 2);

        ModelBundle rollback = admin.rollback("lstm-a");

        byte[] serving = topics.get(config.topics().modelUpdates()).get(config.modelName());
        ModelBundle now = ModelBundle.fromBytes(serving);
        assertThat(now.version()).isEqualTo("lstm-a");
        assertThat(now.metadata().rollbackOf()).isEqualTo("lstm-b");
        assertThat(now.sequence()).isGreaterThan(b.sequence()); // streams-app refuses anything older than it serves
        assertThat(now.weights()).isEqualTo(a.weights());
        TRUST.check(now); // signed anew, so streams-app accepts it
        assertThat(rollback.toBytes()).isEqualTo(serving);
        assertThat(admin.currentVersion()).isEqualTo("lstm-a");
    }

    @Test
    void rollbackRefusesUnknownCurrentForeignAndUntrustedVersions() {
        published("lstm-a", 1);
        published("lstm-b", 2);
        assertThatThrownBy(() -> admin.rollback("lstm-zz")).hasMessageContaining("not in model-archive");
        assertThatThrownBy(() -> admin.rollback("lstm-b")).hasMessageContaining("already the current model");

        admin(config.topics().modelArchive(), "lstm-forged", TestModels.bundle(SETTINGS, "lstm-forged", 3)); // unsigned
        assertThatThrownBy(() -> admin.rollback("lstm-forged")).hasMessageContaining("not trusted");

        ModelMetadata m = TestModels.metadata(SETTINGS, "lstm-other", List.of(8));
        ModelBundle other = TRUST.sign(ModelBundle.create(new ModelMetadata("other-model", m.version(), m.createdAt(),
                m.horizon(), m.window(), m.season(), m.features(), m.hiddenSizes(), m.normalization(), m.target(),
                m.trainingMetrics(), m.backtestMetrics(), null, null, m.sequence()),
                TestModels.bundle(SETTINGS, "x", 4).weights()));
        admin(config.topics().modelArchive(), "lstm-other", other);
        assertThatThrownBy(() -> admin.rollback("lstm-other")).hasMessageContaining("not streamcast-lstm");
        assertThat(admin.currentVersion()).isEqualTo("lstm-b"); // nothing was published
    }

    @Test
    void aRollbackIsWrittenAsDurablyAsThePublicationItReplaces() {
        assertThat(TrainerClients.producer(config)).containsEntry("enable.idempotence", "true")
                .containsEntry("acks", "all").containsEntry("max.request.size",
                        Integer.toString(ModelTopics.MAX_BUNDLE_BYTES));
    }
}
