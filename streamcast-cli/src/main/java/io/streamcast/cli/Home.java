package io.streamcast.cli;

import java.nio.file.Path;

/** Where the streamcast checkout lives (set by the ./streamcast launcher), for bundled data. */
public final class Home {
    private Home() {}

    public static Path resolve(String relative) {
        String home = System.getProperty("streamcast.home");
        return home == null ? Path.of(relative) : Path.of(home).resolve(relative);
    }
}
