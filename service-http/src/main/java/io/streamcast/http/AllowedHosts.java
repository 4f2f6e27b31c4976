package io.streamcast.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names a server answers to in the {@code Host} header: what keeps DNS rebinding out. A web page on another
 * site can make a browser resolve the page's own name to this server's address (a loopback or private one the
 * attacker cannot reach) and read the answers, since to the browser they are same-origin; the request still
 * names the attacker's host. So a request is answered only when its {@code Host} is:
 * <ul>
 *   <li>an IP address (a rebinding needs a name);</li>
 *   <li>{@code localhost};</li>
 *   <li>this machine's host name (what a container's or pod's own probes and tools use);</li>
 *   <li>a name given with {@code --http-allowed-hosts} (env {@value #ENV}), e.g. a Kubernetes service's or an
 *       ingress's name, or added by the service (streams-app's advertised host);</li>
 *   <li>anything, when that list holds {@code *}.</li>
 * </ul>
 * Names compare without case and without the port. A request without {@code Host} (HTTP/1.0; no browser sends
 * one) is answered.
 */
public final class AllowedHosts {
    /** The environment variable of the extra names. */
    public static final String ENV = "STREAMCAST_HTTP_ALLOWED_HOSTS";
    /** Allows any name. */
    public static final String ANY = "*";

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final Set<String> names;
    private final boolean any;

    private AllowedHosts(Set<String> names, boolean any) {
        this.names = Set.copyOf(names);
        this.any = any;
    }

    /** {@code localhost} and this machine's host names, plus {@code extra} ({@code *}: any name). */
    public static AllowedHosts of(String... extra) {
        Set<String> names = new LinkedHashSet<>();
        names.add("localhost");
        names.addAll(localNames());
        return new AllowedHosts(names, false).with(extra);
    }

    /** {@link #of} with the comma-separated names of {@code list} (null or blank: none). */
    public static AllowedHosts parse(String list) {
        return of(list == null ? new String[0] : list.split(","));
    }

    /** These names and {@code more}. */
    public AllowedHosts with(String... more) {
        Set<String> all = new LinkedHashSet<>(names);
        boolean anyName = any;
        for (String name : more) {
            String n = normalize(name);
            anyName |= n.equals(ANY);
            if (!n.isEmpty() && !n.equals(ANY)) {
                all.add(n);
            }
        }
        return new AllowedHosts(all, anyName);
    }

    /** Whether a request whose {@code Host} header is {@code hostHeader} (null: none) is answered. */
    public boolean allows(String hostHeader) {
        if (any || hostHeader == null) {
            return true;
        }
        String host = stripPort(hostHeader.strip().toLowerCase(Locale.ROOT));
        return host.startsWith("[") || IPV4.matcher(host).matches() || names.contains(host);
    }

    /** The names allowed besides IP addresses, for a startup line; {@code *} when any is. */
    public String describe() {
        return any ? ANY : String.join(",", names);
    }

    private static String stripPort(String host) {
        if (host.startsWith("[")) { // [v6] or [v6]:port
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.lastIndexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    private static String normalize(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        return n.equals(ANY) ? n : stripPort(n);
    }

    /**
     * This machine's host name (a pod's or container's name), looked up once. Not its canonical name: that is a
     * reverse DNS lookup, which can take seconds where DNS is slow, and a name others use to reach a service is
     * better given explicitly.
     */
    private static Set<String> localNames() {
        return LocalNames.NAMES;
    }

    private static final class LocalNames {
        static final Set<String> NAMES = lookUp();

        private static Set<String> lookUp() {
            try {
                return Set.of(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
            } catch (UnknownHostException e) {
                return Set.of();
            }
        }
    }

    @Override
    public String toString() {
        return "AllowedHosts[" + describe() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AllowedHosts other && other.any == any && other.names.equals(names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {names, any});
    }
}
