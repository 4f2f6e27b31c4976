package io.streamcast.options.deployment;

import java.util.List;

/** A deployment file that cannot be used: every problem found, one line each, {@code FILE:LINE: what}. */
public final class DeploymentException extends Exception {
    private final List<String> problems;

    public DeploymentException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
