package io.streamcast.core.model;

/** Which implementation runs the serving step; both compute the same function (tests hold them within 1e-5). */
public enum KernelKind {
    /** Plain-Java forward pass over the trained parameters: the serving default (about 40x faster per step). */
    JAVA,
    /** DL4J {@code rnnTimeStep}: the reference implementation. */
    DL4J
}
