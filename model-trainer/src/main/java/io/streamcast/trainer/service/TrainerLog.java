package io.streamcast.trainer.service;

import java.util.function.Consumer;

/**
 * Where one model's trainer tells what it does (the trainer command's output, the demo's console): each line
 * starts {@code trainer: }, and with a group {@code trainer: group NAME: }, since one trainer process runs a
 * service per group and their lines interleave; a one-group trainer's lines need not say whose they are.
 */
final class TrainerLog {
    private final Consumer<String> lines;
    private final String prefix;

    /** @param group the group the lines are about, or null for the one group of a trainer without a deployment */
    TrainerLog(Consumer<String> lines, String group) {
        this.lines = lines;
        this.prefix = group == null ? "trainer: " : "trainer: group " + group + ": ";
    }

    /** @param event what happened, without the prefix */
    void say(String event) {
        lines.accept(prefix + event);
    }
}
