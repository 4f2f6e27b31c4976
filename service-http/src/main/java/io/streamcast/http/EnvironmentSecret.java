package io.streamcast.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A secret the services read from their environment, never from a flag (a flag shows in {@code ps}): the value
 * of the variable {@code NAME}, or, when that is unset or empty, the content of the file that {@code NAME_FILE}
 * names (a mounted Kubernetes or compose secret; surrounding whitespace stripped).
 */
public final class EnvironmentSecret {
    private EnvironmentSecret() {}

    /** The name of the variable that names the file: {@code name + "_FILE"}. */
    public static String fileVariable(String name) {
        return name + "_FILE";
    }

    /**
     * The secret, or null when neither variable is set.
     *
     * @throws IllegalArgumentException when the file cannot be read or is not UTF-8 text (the message names the
     *                                  file, never its content)
     */
    public static String read(Map<String, String> env, String name) {
        String value = set(env, name);
        if (value != null) {
            return value;
        }
        String fileVariable = fileVariable(name);
        String file = set(env, fileVariable);
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(Path.of(file)).strip();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(fileVariable + "=" + file + " holds bytes that are not UTF-8 text");
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalArgumentException(fileVariable + "=" + file + " cannot be read: " + e.getMessage());
        }
    }

    /** Whether the secret came from the file (for messages that name where a bad value came from). */
    public static boolean fromFile(Map<String, String> env, String name) {
        return set(env, name) == null && set(env, fileVariable(name)) != null;
    }

    /** The variable's value; null when it is unset or empty (an empty variable counts as not given). */
    private static String set(Map<String, String> env, String variable) {
        String value = env.get(variable);
        return value == null || value.isEmpty() ? null : value;
    }
}
