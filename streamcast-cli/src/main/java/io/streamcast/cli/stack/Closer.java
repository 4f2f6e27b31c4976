package io.streamcast.cli.stack;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What was started, closed in the reverse order: each part once, every part even when one fails to close; the
 * first failure is thrown with the later ones suppressed on it.
 */
final class Closer implements AutoCloseable {
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    /** Registers a started part; it is closed before everything registered earlier. */
    synchronized <T extends AutoCloseable> T add(T part) {
        started.push(part);
        return part;
    }

    /** Closes {@code part} now, if it is still registered; it is not closed again later. */
    synchronized void closeNow(AutoCloseable part) throws Exception {
        if (started.remove(part)) {
            part.close();
        }
    }

    @Override
    public synchronized void close() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
