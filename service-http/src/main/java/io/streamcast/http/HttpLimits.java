package io.streamcast.http;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The time, size and connection limits of every HTTP server streamcast runs, and its threads.
 *
 * <p>The server is Jetty: its selector reads request lines and headers without blocking, and a request reaches a
 * handler thread only once its headers are complete. So a client that sends its headers a byte at a time, or
 * half a request and then nothing, holds a connection but no thread, and the probes go on answering at once.
 * (The JDK's own HttpServer read headers with blocking reads on its worker threads: a few hundred such clients
 * held every thread, and {@code /health/live} stopped answering.)
 *
 * <ul>
 *   <li>{@value #IDLE_SECONDS} s without a byte in either direction closes a connection: in a request's headers
 *       or body, between keep-alive requests, or while a client does not read its answer.</li>
 *   <li>{@value #MAX_HEADER_BYTES} bytes of request line and headers (Jetty's default is 8 KiB); past it the
 *       answer is 431. The bound also bounds the number of headers.</li>
 *   <li>{@value #MAX_CONNECTIONS} connections at once; past it no new connection is accepted until one closes,
 *       and the idle timeout of the open ones drops to {@value #IDLE_SECONDS_AT_LIMIT} s
 *       ({@link NetworkConnectionLimit}). Keeps a flood of connections from using up the file descriptors the
 *       Kafka clients of the same process need.</li>
 * </ul>
 */
public final class HttpLimits {
    /** Seconds a connection may stay silent (no byte read or written) before it is closed. */
    public static final int IDLE_SECONDS = 10;
    /** The idle timeout of open connections while {@value #MAX_CONNECTIONS} are open. */
    public static final int IDLE_SECONDS_AT_LIMIT = 2;
    /** Bytes of request line and headers accepted. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Connections open at once; more wait to be accepted. */
    public static final int MAX_CONNECTIONS = 2_000;
    /** Threads of a server that are not handlers: the connector's acceptor and selector. */
    static final int CONNECTOR_THREADS = 2;

    private HttpLimits() {}

    /**
     * What every server's HTTP connection factory is made with: the header limit, no server version. (Its idle
     * timeout is left unset: it is then the connector's, {@value #IDLE_SECONDS} s, set in {@link ApiServer}.)
     */
    static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        return http;
    }

    /**
     * Up to {@code handlers} daemon threads named {@code name-N} that run handlers, and the connector's own;
     * started on demand and ended after a minute idle. Requests beyond them wait in the pool's queue.
     */
    static QueuedThreadPool threadPool(String name, int handlers) {
        QueuedThreadPool pool = new QueuedThreadPool(handlers + CONNECTOR_THREADS, CONNECTOR_THREADS, 60_000);
        pool.setName(name);
        pool.setDaemon(true);
        pool.setReservedThreads(0); // no threads kept back from handlers for Jetty's own eager execution
        return pool;
    }

    /** The connection limit of {@code server}'s connectors. */
    static NetworkConnectionLimit connectionLimit(Server server) {
        NetworkConnectionLimit limit = new NetworkConnectionLimit(MAX_CONNECTIONS, server);
        limit.setEndPointIdleTimeout(IDLE_SECONDS_AT_LIMIT * 1000L);
        return limit;
    }
}
