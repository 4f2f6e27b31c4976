package io.streamcast.streams.health;

import static com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.streamcast.core.model.ModelTrust;
import io.streamcast.streams.model.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One health answer, which is also the {@code /health} body as Jackson writes it (docs/rest.md, "Health"):
 * integration tests, the CLI and orchestrators read these keys, so their names, order and types are the contract.
 *
 * @param status         UP (ready), DEGRADED (live, not ready) or DOWN (not live)
 * @param streams        the Kafka Streams client's state
 * @param threads        each local stream thread's name and state
 * @param reasons        why the instance is not ready, empty when it is
 * @param model          the version the first group serves ({@code baseline} before any model)
 * @param modelTrust     {@link ModelTrust#mode()}
 * @param modelTrustNote what the trust mode means for bundles, when there is no key; else absent
 * @param lastRefused    the first group's last refused bundle, or absent
 * @param groups         each group's model by group name, only when there is more than one group
 */
@JsonPropertyOrder({"status", "live", "ready", "streams", "threads", "tasks", "reasons", "model", "model_trust",
    "model_trust_note", "model_last_refused", "groups"})
public record HealthReport(
        @JsonProperty("status") String status,
        @JsonProperty("live") boolean live,
        @JsonProperty("ready") boolean ready,
        @JsonProperty("streams") String streams,
        @JsonProperty("threads") Map<String, String> threads,
        @JsonProperty("tasks") Tasks tasks,
        @JsonProperty("reasons") List<String> reasons,
        @JsonProperty("model") String model,
        @JsonProperty("model_trust") String modelTrust,
        @JsonProperty("model_trust_note") @JsonInclude(NON_NULL) String modelTrustNote,
        @JsonProperty("model_last_refused") @JsonInclude(NON_NULL) Refused lastRefused,
        @JsonProperty("groups") @JsonInclude(NON_NULL) Map<String, GroupModel> groups) {

    /**
     * An instance's Kafka Streams task ids ({@code <subtopology>_<input partition>}), sorted: the {@code active}
     * ones it processes and the {@code standby} ones it keeps warm copies of (num.standby.replicas) to take over
     * without a restore.
     */
    @JsonPropertyOrder({"active", "standby"})
    public record Tasks(@JsonProperty("active") List<String> active, @JsonProperty("standby") List<String> standby) {
        public static final Tasks NONE = new Tasks(List.of(), List.of());

        public Tasks {
            active = List.copyOf(active);
            standby = List.copyOf(standby);
        }
    }

    /** A registry's last refused bundle: when (ISO-8601), the reason code and the message. */
    @JsonPropertyOrder({"at", "reason", "message"})
    public record Refused(@JsonProperty("at") String at, @JsonProperty("reason") String reason,
                          @JsonProperty("message") String message) {
        /** The registry's last refusal, or null when it refused none. */
        static Refused lastOf(ModelRegistry models) {
            ModelRegistry.Refusal refusal = models.lastRefusal();
            return refusal == null ? null : new Refused(refusal.at().toString(), refusal.reason(), refusal.message());
        }
    }

    /** One group's model: the version it serves and its last refused bundle, if any. */
    @JsonPropertyOrder({"model", "model_last_refused"})
    public record GroupModel(@JsonProperty("model") String model,
                             @JsonProperty("model_last_refused") @JsonInclude(NON_NULL) Refused lastRefused) {
        static GroupModel of(ModelRegistry models) {
            return new GroupModel(serving(models), Refused.lastOf(models));
        }
    }

    /**
     * The report of a check: the model fields from the first registry (where a one-group client looks), and each
     * group's model when there are several.
     */
    static HealthReport of(String status, boolean live, boolean ready, String streams, Map<String, String> threads,
                           Tasks tasks, List<String> reasons, List<ModelRegistry> groups) {
        ModelRegistry first = groups.get(0);
        Map<String, GroupModel> byGroup = null;
        if (groups.size() > 1) {
            byGroup = new LinkedHashMap<>();
            for (ModelRegistry g : groups) {
                byGroup.put(g.group(), GroupModel.of(g));
            }
        }
        return new HealthReport(status, live, ready, streams, threads, tasks, reasons, serving(first),
                first.trust().mode(), trustNote(first.trust()), Refused.lastOf(first), byGroup);
    }

    private static String serving(ModelRegistry models) {
        return models.current() == null ? "baseline" : models.current().version();
    }

    /** What serving without a key means, or null with one (a signed bundle is the only kind served then). */
    private static String trustNote(ModelTrust trust) {
        if (trust.hasKey()) {
            return null;
        }
        return trust.allowUnsigned()
                ? "unsigned bundles are served (--allow-unsigned): anyone who can write to model-updates "
                + "chooses the model"
                : "no STREAMCAST_MODEL_KEY and no --allow-unsigned: every bundle is refused, the baseline serves";
    }
}
