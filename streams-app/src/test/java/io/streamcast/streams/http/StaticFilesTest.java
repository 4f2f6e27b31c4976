package io.streamcast.streams.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {
    private final StaticFiles files = new StaticFiles(StaticFilesTest.class.getClassLoader());

    private String text(String path) {
        return new String(files.find(path).orElseThrow().body(), StandardCharsets.UTF_8);
    }

    @Test
    void thePageIsAtTheRootAndItsFilesUnderStatic() {
        assertThat(files.find("/").orElseThrow().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(text("/")).contains("<select id=\"series\"").isEqualTo(text("/index.html"));
        assertThat(files.find("/static/live.js").orElseThrow().contentType())
                .isEqualTo("text/javascript; charset=utf-8");
        assertThat(files.find("/static/live.css").orElseThrow().contentType()).isEqualTo("text/css; charset=utf-8");
    }

    @Test
    void everyFileThePageLoadsExists() {
        String page = text("/");
        var refs = Pattern.compile("(?:src|href)=\"(/[^\"]*)\"").matcher(page);
        int found = 0;
        while (refs.find()) {
            assertThat(files.find(refs.group(1))).as(refs.group(1)).isPresent();
            found++;
        }
        assertThat(found).isGreaterThanOrEqualTo(5); // two stylesheets, two scripts, the license
    }

    @Test
    void webjarFilesAreFoundWithOrWithoutTheirVersion() {
        var minJs = files.find("/webjars/uplot/dist/uPlot.iife.min.js").orElseThrow();
        assertThat(minJs.contentType()).isEqualTo("text/javascript; charset=utf-8");
        assertThat(new String(minJs.body(), StandardCharsets.UTF_8)).contains("uPlot");
        assertThat(text("/webjars/uplot/LICENSE")).contains("MIT License");
        String version = uplotVersion();
        assertThat(files.find("/webjars/uplot/" + version + "/dist/uPlot.min.css").orElseThrow().body())
                .isEqualTo(files.find("/webjars/uplot/dist/uPlot.min.css").orElseThrow().body());
    }

    private static String uplotVersion() {
        try (var in = StaticFilesTest.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            var p = new java.util.Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/static/missing.js", "/webjars/nosuchjar/dist/x.js", "/nope.html", "/static/", "/static", "/webjars/uplot",
        // no traversal: these are the decoded paths of e.g. /static/%2e%2e/...
        "/static/../io/streamcast/streams/http/StaticFiles.class",
        "/static/../logback.xml", "/static/./live.js", "/static//live.js", "/static/live.js/",
        "/webjars/../../META-INF/MANIFEST.MF", "/webjars/uplot/../uplot/dist/uPlot.min.css",
        "/webjars/uplot/1.6.30/../../../static/live.js", "/static/..\\index.html", "/static/.hidden.js",
        "/static/%2e%2e/index.html",
        // only known file types
        "/webjars/uplot/package.json.d.ts", "/webjars/uplot/dist/uPlot.d.ts",
        "/static/io/streamcast/streams/http/StaticFiles.class",
    })
    void anythingElseIsNotFound(String path) {
        assertThat(files.find(path)).as(path).isEmpty();
    }

    @Test
    void plainPathsAreNamesWithAServedExtension() {
        assertThat(StaticFiles.plain("js/app.js")).isTrue();
        assertThat(StaticFiles.plain("uplot/1.6.30/LICENSE")).isTrue();
        assertThat(StaticFiles.plain("js")).isFalse();
        assertThat(StaticFiles.plain("a..b.js")).isFalse();
        assertThat(StaticFiles.plain("a b.js")).isFalse();
        assertThat(StaticFiles.plain("a\u0000.js")).isFalse();
        assertThat(StaticFiles.plain("")).isFalse();
    }
}
