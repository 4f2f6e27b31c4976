package io.streamcast.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The time and size limits of every JDK HttpServer streamcast runs, and its threads.
 *
 * <p>The JDK's server reads a request's line and headers with blocking reads on an executor thread, so a client
 * that sends half a request (no blank line after the headers) holds a thread until it is closed; by default it
 * never is. Its limits are JVM-wide system properties, read once, when the server's implementation classes load
 * (JDK 17: {@code sun.net.httpserver.ServerConfig}, {@code ServerImpl}). This class's static initializer sets
 * them unless already given on the command line ({@code -D...} wins), and every streamcast server is created
 * through {@link #create}, so the initializer has run before the first server class loads. A JDK HttpServer
 * created elsewhere in the same JVM before that would fix the JDK's defaults for the whole JVM.
 *
 * <ul>
 *   <li>{@code sun.net.httpserver.maxReqTime} = {@value #REQUEST_SECONDS} s: from the first byte of a request
 *       until its headers (and body) are read. Checked every second; the server then closes the connection,
 *       which frees the thread. The time also runs while a request waits in the executor's queue.</li>
 *   <li>{@code sun.net.httpserver.maxRspTime} = {@value #RESPONSE_SECONDS} s: from a complete request until its
 *       response is written, so a client that does not read its answer cannot hold a thread either. Longer than
 *       the slowest legitimate answer (a query forwarded to another instance gives up after 5 s).</li>
 *   <li>{@code sun.net.httpserver.maxReqHeaderSize} = {@value #MAX_HEADER_BYTES} bytes (request line and headers)
 *       and {@code sun.net.httpserver.maxReqHeaders} = {@value #MAX_HEADERS} headers; the JDK's defaults are
 *       380 KiB and 200. Past either the connection is closed without an answer.</li>
 * </ul>
 * Connections that send nothing hold no thread; the JDK closes them after min(idle interval, maxReqTime) at its
 * next idle check (every 10 s), and idle keep-alive connections after 30 s.
 *
 * <p>The limits bound how long a slow client holds a thread; the pool ({@link #executor}) is sized so that a
 * handful of them leave threads free for {@code /health} and {@code /metrics} meanwhile.
 */
public final class HttpLimits {
    /** Seconds a request may take to arrive (line, headers and body). */
    public static final int REQUEST_SECONDS = 10;
    /** Seconds a response may take, from the end of its request until it is written. */
    public static final int RESPONSE_SECONDS = 30;
    /** Bytes of request line and headers accepted. */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Request headers accepted. */
    public static final int MAX_HEADERS = 100;
    /** Exchanges waiting for a thread; past this a new connection is closed at once (by the JDK). */
    static final int QUEUE = 256;

    static {
        setUnlessGiven("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        setUnlessGiven("sun.net.httpserver.maxReqHeaderSize", MAX_HEADER_BYTES);
        setUnlessGiven("sun.net.httpserver.maxReqHeaders", MAX_HEADERS);
    }

    private HttpLimits() {}

    private static void setUnlessGiven(String property, int value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, Integer.toString(value));
        }
    }

    /** A JDK HttpServer bound to the address (port 0 = any free one), with the limits above; not started. */
    public static HttpServer create(InetSocketAddress address) throws IOException {
        return HttpServer.create(address, 0);
    }

    /**
     * Up to {@code threads} daemon threads named {@code name-N}, started on demand and ended after a minute
     * idle, with a queue of {@value #QUEUE} exchanges.
     */
    public static ThreadPoolExecutor executor(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(QUEUE), factory);
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
