package io.streamcast.streams.config;

/**
 * The names of one forecast group's processors, sinks and state stores. The default group's are unprefixed (so a
 * one-group deployment's changelog topics and local state directories, which are named after them, carry the
 * plain names, e.g. {@code series-state}); any other group's start with the group's name and a dash.
 *
 * @param writtenStore the store of each key's last written forecast, there only when the group's emit policy has a
 *                     tolerance (the topology's {@code EmitPolicy})
 */
public record GroupNodes(String source, String forecaster, String store, String forecastSink, String deadLetterSink,
                         String accuracySink, String writtenStore) {

    public static GroupNodes of(String group) {
        String p = ForecastGroupConfig.DEFAULT_GROUP.equals(group) ? "" : group + "-";
        return new GroupNodes(p + "observations-source", p + "forecaster", p + "series-state", p + "forecasts-sink",
                p + "dlq-sink", p + "accuracy-sink", p + "written-forecasts");
    }
}
