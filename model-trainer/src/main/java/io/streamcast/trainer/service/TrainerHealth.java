package io.streamcast.trainer.service;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The trainer's {@code GET /health} body: each group's role, history, training flag and champion under
 * {@code groups}; at the top the one group's values, or with several the sums, "leader" if it leads any group,
 * and no champion.
 *
 * @param champion the one group's champion version; null with several groups, or without a champion
 * @param groups   by served group, in the deployment's order
 */
record TrainerHealth(String status, String trainer, String role, boolean training,
                     @JsonProperty("history_points") long historyPoints,
                     @JsonProperty("history_series") long historySeries,
                     @JsonProperty("history_series_cap") long historySeriesCap,
                     @JsonProperty("history_series_left_out") long historySeriesLeftOut, String champion,
                     Map<String, Group> groups) {

    /** One group's health: its model's service. */
    record Group(String status, @JsonProperty("model_name") String modelName, String role, boolean training,
                 @JsonProperty("history_points") long historyPoints,
                 @JsonProperty("history_series") long historySeries,
                 @JsonProperty("history_series_cap") long historySeriesCap,
                 @JsonProperty("history_series_left_out") long historySeriesLeftOut, String champion) {
        static Group of(TrainerService t) {
            HistoryStore h = t.history();
            return new Group(statusWord(t.healthy()), t.config().modelName(), roleWord(t.leader()), t.training(),
                    h.points(), h.seriesCount(), h.maxSeries(), h.seriesLeftOutEstimate(),
                    t.champion() == null ? null : t.champion().version());
        }
    }

    /** @param trainers a trainer process's groups' services, at least one */
    static TrainerHealth of(List<TrainerService> trainers) {
        Map<String, Group> groups = new LinkedHashMap<>();
        trainers.forEach(t -> groups.put(t.config().servedGroup(), Group.of(t)));
        List<Group> all = List.copyOf(groups.values());
        return new TrainerHealth(statusWord(trainers.stream().allMatch(TrainerService::healthy)),
                trainers.get(0).trainerId(), roleWord(trainers.stream().anyMatch(TrainerService::leader)),
                trainers.stream().anyMatch(TrainerService::training),
                all.stream().mapToLong(Group::historyPoints).sum(),
                all.stream().mapToLong(Group::historySeries).sum(),
                all.stream().mapToLong(Group::historySeriesCap).sum(),
                all.stream().mapToLong(Group::historySeriesLeftOut).sum(),
                trainers.size() == 1 ? all.get(0).champion() : null, groups);
    }

    /** The probes' body: the status only. */
    record Status(String status) {
        static Status of(boolean up) {
            return new Status(statusWord(up));
        }
    }

    /** The body of a request for an unknown path: the paths there are. */
    record UnknownPath(String error) {}

    private static String statusWord(boolean up) {
        return up ? "UP" : "DOWN";
    }

    private static String roleWord(boolean leader) {
        return leader ? "leader" : "standby";
    }
}
