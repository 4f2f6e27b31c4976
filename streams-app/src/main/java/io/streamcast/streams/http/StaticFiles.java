package io.streamcast.streams.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The live page's files, from the classpath: {@code /static/...} from {@code static/} (the page itself, also at
 * {@code /}) and {@code /webjars/{name}/...} from WebJars ({@code META-INF/resources/webjars/{name}/{version}/...}),
 * where the version may be left out of the path: it is then read from the WebJar's {@code pom.properties}, so the
 * page does not name the version the build chose.
 *
 * <p>Only plain names are served: each path segment must match {@code [A-Za-z0-9][A-Za-z0-9._-]*} (no
 * {@code ..}, no empty segments, no encoded slashes or backslashes), and the last must end in an extension of
 * {@link #CONTENT_TYPES} (or be a {@code LICENSE}); so neither a directory nor a class file can be read, and
 * nothing outside the two roots.
 */
public final class StaticFiles {
    /** The content types served, by file extension; anything else is not found. */
    static final Map<String, String> CONTENT_TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("md", "text/plain; charset=utf-8"));

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String STATIC_ROOT = "static/";
    private static final String WEBJAR_ROOT = "META-INF/resources/webjars/";
    private static final String[] WEBJAR_GROUPS = {"org.webjars.npm", "org.webjars", "org.webjars.bower"};

    /** A file to send. */
    public record Content(byte[] body, String contentType) {
    }

    private final ClassLoader loader;
    private final Map<String, String> webjarVersions = new ConcurrentHashMap<>();

    public StaticFiles(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The file for a request path ({@code /}, {@code /index.html}, {@code /static/...}, {@code /webjars/...}), as
     * decoded from the request URI; empty when there is none or the path is not a plain one.
     */
    public Optional<Content> find(String path) {
        if (path.equals("/") || path.equals("/index.html")) {
            return load(STATIC_ROOT + "index.html");
        }
        if (path.startsWith("/static/")) {
            String rest = path.substring("/static/".length());
            return plain(rest) ? load(STATIC_ROOT + rest) : Optional.empty();
        }
        if (path.startsWith("/webjars/")) {
            String rest = path.substring("/webjars/".length());
            if (!plain(rest)) {
                return Optional.empty();
            }
            Optional<Content> exact = load(WEBJAR_ROOT + rest);
            if (exact.isPresent()) {
                return exact;
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            String name = rest.substring(0, slash);
            return webjarVersion(name).flatMap(v -> load(WEBJAR_ROOT + name + "/" + v + rest.substring(slash)));
        }
        return Optional.empty();
    }

    /** Whether a relative path is segments of plain names, the last with a served extension. */
    static boolean plain(String relative) {
        String[] segments = relative.split("/", -1);
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.contains("..")) {
                return false;
            }
        }
        return contentType(segments[segments.length - 1]) != null;
    }

    private static String contentType(String fileName) {
        if (fileName.equals("LICENSE")) {
            return "text/plain; charset=utf-8"; // a WebJar's license, shown by the page's footer
        }
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? null : CONTENT_TYPES.get(fileName.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    private Optional<Content> load(String resource) {
        URL url = loader.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        if ("file".equals(url.getProtocol()) && isDirectory(url)) {
            return Optional.empty(); // a directory named like a file (a jar's directory entries are not found)
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(new Content(in.readAllBytes(), contentType(resource.substring(resource.lastIndexOf('/') + 1))));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static boolean isDirectory(URL url) {
        try {
            return Files.isDirectory(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return true; // not a path we understand: do not serve it
        }
    }

    /** The version of a WebJar on the classpath; only found versions are remembered (names come from requests). */
    private Optional<String> webjarVersion(String name) {
        String known = webjarVersions.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<String> found = readWebjarVersion(name);
        found.ifPresent(v -> webjarVersions.put(name, v));
        return found;
    }

    private Optional<String> readWebjarVersion(String name) {
        for (String group : WEBJAR_GROUPS) {
            try (InputStream in = loader.getResourceAsStream("META-INF/maven/" + group + "/" + name
                    + "/pom.properties")) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    String version = p.getProperty("version");
                    if (version != null && SEGMENT.matcher(version).matches() && !version.contains("..")) {
                        return Optional.of(version);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the version of webjar " + name, e);
            }
        }
        return Optional.empty();
    }
}
