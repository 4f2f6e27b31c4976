package io.streamcast.it;

import io.micrometer.core.instrument.MeterRegistry;

/** A streams-app counter of one forecast group, as the integration tests read it. */
final class GroupCounters {
    private GroupCounters() {}

    /** The counter {@code name} tagged {@code group}, 0 before it is first incremented. */
    static double count(MeterRegistry meters, String name, String group) {
        var c = meters.find(name).tag("group", group).counter();
        return c == null ? 0 : c.count();
    }
}
