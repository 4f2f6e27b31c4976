package io.streamcast.core.domain;

/**
 * The largest forecast shape streamcast handles, in one place for the layers that check it: forecast settings,
 * model bundles (a forged shape must not make the loader allocate gigabytes) and the REST cache of written
 * forecasts.
 */
public final class ShapeLimits {
    /** The largest horizon H. */
    public static final int MAX_HORIZON = 1024;
    /** The largest window W (values kept per key), and so the largest season m. */
    public static final int MAX_WINDOW = 65_535;

    private ShapeLimits() {}
}
