package io.streamcast.it.browser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Drives streams-app's live page in headless Chromium (Debian's chromium and chromedriver, through Selenium) against
 * a running streams-app, and checks what a person would see:
 * <ol>
 *   <li>the page picks a series from {@code /series} and its chart plots the key's actuals and an H-step forecast,
 *       with a model version shown; the canvas really holds the actual line, the forecast line and the band;</li>
 *   <li>it updates live: the last observation shown moves on while the demo replays (unless {@code --no-advance});</li>
 *   <li>picking another series in the dropdown charts that one;</li>
 *   <li>with several forecast groups (the demo's default), picking another group in the group picker charts a
 *       series of that group, with that group's horizon;</li>
 *   <li>an unknown series shows a visible warning instead of a chart.</li>
 * </ol>
 * Saves screenshots (the first series' chart, and the unknown-series warning beside it), prints one line
 * {@code PASS ...} or {@code FAIL ...} with the numbers, and exits 0 or 1. Run by {@code scripts/check-live-page.sh}.
 *
 * <p>{@code --timeout} bounds each wait; {@code --await-model} waits up to that long, before the screenshot, for
 * a trained model to replace the baseline (not a check: the trainer may refuse every candidate).
 *
 * <pre>java -cp ... io.streamcast.it.browser.LivePageCheck URL [--screenshot PNG] [--timeout 180s]
 *     [--await-model 0s] [--chromium /usr/bin/chromium] [--chromedriver /usr/bin/chromedriver] [--no-advance]</pre>
 */
public final class LivePageCheck {
    // held, so that their levels stay set
    private static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");
    private static final Logger CDP_LOG =
            Logger.getLogger("org.openqa.selenium.devtools");

    private final JavascriptExecutor js;
    private final WebDriver driver;
    private final Duration timeout;

    private LivePageCheck(WebDriver driver, Duration timeout) {
        this.driver = driver;
        this.js = (JavascriptExecutor) driver;
        this.timeout = timeout;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args[0].startsWith("-")) {
            System.err.println("usage: LivePageCheck URL [--screenshot PNG] [--timeout 180s] [--await-model 0s] "
                    + "[--chromium PATH] [--chromedriver PATH] [--no-advance]");
            System.exit(2);
        }
        String url = args[0].replaceAll("/+$", "");
        Path screenshot = Path.of("target", "live-page.png");
        Duration timeout = Duration.ofSeconds(180);
        String chromium = "/usr/bin/chromium";
        String chromedriver = "/usr/bin/chromedriver";
        boolean requireAdvance = true;
        Duration awaitModel = Duration.ZERO;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--screenshot" -> screenshot = Path.of(args[++i]);
                case "--timeout" -> timeout = Duration.parse("PT" + args[++i].toUpperCase(java.util.Locale.ROOT));
                case "--chromium" -> chromium = args[++i];
                case "--chromedriver" -> chromedriver = args[++i];
                case "--no-advance" -> requireAdvance = false;
                case "--await-model" -> awaitModel = Duration.parse("PT" + args[++i].toUpperCase(java.util.Locale.ROOT));
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SELENIUM_LOG.setLevel(Level.WARNING);
        CDP_LOG.setLevel(Level.SEVERE); // "no CDP implementation matching" Debian's newer Chromium: unused here

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        Path profile = Files.createTempDirectory("live-page-chromium-");
        // as root, in a container, on a machine without outside network: no sandbox, no background connections
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1400,900", "--force-device-scale-factor=1",
                "--lang=en-US", "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(chromedriver).toFile()).usingAnyFreePort().build();

        ChromeDriver driver = new ChromeDriver(service, options);
        String verdict;
        try {
            verdict = new LivePageCheck(driver, timeout).run(url, screenshot, requireAdvance, awaitModel);
        } catch (CheckFailed e) {
            verdict = "FAIL " + e.getMessage();
            try {
                Path failShot = sibling(screenshot, "-failed");
                Files.createDirectories(failShot.toAbsolutePath().getParent());
                Files.write(failShot, driver.getScreenshotAs(OutputType.BYTES));
                verdict += "; screenshot " + failShot;
            } catch (RuntimeException | java.io.IOException ignored) {
                // the verdict says what failed; a missing screenshot must not hide it
            }
        } finally {
            driver.quit();
            deleteTree(profile);
        }
        System.out.println(verdict);
        System.exit(verdict.startsWith("PASS") ? 0 : 1);
    }

    /** A check that did not hold; its message is the FAIL line. */
    static final class CheckFailed extends Exception {
        CheckFailed(String message) {
            super(message);
        }
    }

    private String run(String url, Path screenshot, boolean requireAdvance, Duration awaitModel) throws Exception {
        driver.get(url + "/");
        // 1. a series with data
        Map<String, Object> first = await("the chart to show actuals and a forecast", s ->
                "ok".equals(s.get("status")) && num(s, "actualPoints") > 0 && num(s, "forecastPoints") > 0
                        && s.get("modelVersion") != null);
        String series = (String) first.get("series");
        List<String> options = new ArrayList<>();
        for (WebElement o : driver.findElements(By.cssSelector("#series option"))) {
            options.add(o.getAttribute("value"));
        }
        if (!options.contains(series)) {
            throw new CheckFailed("the charted series " + series + " is not in the dropdown " + options);
        }
        String chartAttr = driver.findElement(By.id("chart")).getAttribute("data-actual-points");
        if (!String.valueOf(num(first, "actualPoints")).equals(chartAttr)) {
            throw new CheckFailed("data-actual-points " + chartAttr + " != " + num(first, "actualPoints"));
        }

        // 2. live: a later refresh shows a later last observation
        String firstLast = text("last-ts");
        long firstDraws = num(first, "draws");
        Map<String, Object> later = await(requireAdvance ? "the last observation to move on (live updates)"
                : "another refresh", s -> num(s, "draws") > firstDraws && series.equals(s.get("series"))
                && "ok".equals(s.get("status")) && (!requireAdvance || !text("last-ts").equals(firstLast)));
        String laterLast = text("last-ts");

        // optionally, for a screenshot of a trained model's forecast: wait a while for one to serve (not a check:
        // the trainer may refuse its candidates)
        if ("baseline".equals(later.get("modelVersion")) && !awaitModel.isZero()) {
            try {
                Awaitility.await("a trained model").atMost(awaitModel).pollInterval(Duration.ofMillis(500))
                        .until(this::state, now -> now == null || !"baseline".equals(now.get("modelVersion"))
                                || !"ok".equals(now.get("status")));
            } catch (ConditionTimeoutException stillBaseline) {
                // the trainer refused its candidates so far: the screenshot shows the baseline
            }
            // afresh: the series may have left the state meanwhile (keys idle for the TTL in stream time expire)
            driver.get(url + "/");
            later = await("the chart after waiting for a model", s -> "ok".equals(s.get("status"))
                    && num(s, "actualPoints") > 0 && num(s, "forecastPoints") > 0);
        }
        String shown = (String) later.get("series");

        // what is on the canvas: the actual line, the forecast line and the interval band
        @SuppressWarnings("unchecked")
        Map<String, Object> pixels = (Map<String, Object>) js.executeScript(PIXELS);
        if (num(pixels, "actual") < 200 || num(pixels, "forecast") < 20 || num(pixels, "band") < 100) {
            throw new CheckFailed("the canvas lacks a line or the band: pixels " + pixels);
        }
        Files.createDirectories(screenshot.toAbsolutePath().getParent());
        Files.write(screenshot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        String facts = String.format("series=%s actual_points=%d forecast_points=%d model=%s mase=%s coverage=%s "
                        + "last_observation %s -> %s draws=%d pixels(actual=%d forecast=%d band=%d)",
                shown, num(later, "actualPoints"), num(later, "forecastPoints"), later.get("modelVersion"),
                later.get("mase"), later.get("coverage"), firstLast, laterLast, num(later, "draws"),
                num(pixels, "actual"), num(pixels, "forecast"), num(pixels, "band"));
        if (!shown.equals(series)) {
            facts += " (first charted " + series + ", gone while waiting for a model)";
        }

        // 3. another series from the dropdown
        List<String> listed = new ArrayList<>();
        for (WebElement o : driver.findElements(By.cssSelector("#series option"))) {
            listed.add(o.getAttribute("value"));
        }
        String other = listed.stream().filter(o -> !o.equals(shown) && !o.isEmpty()).findFirst().orElse(null);
        if (other != null) {
            driver.findElement(By.cssSelector("#series option[value='" + other.replace("'", "\\'") + "']")).click();
            await("the chart to switch to " + other, s -> other.equals(s.get("series")) && "ok".equals(s.get("status"))
                    && num(s, "actualPoints") > 0 && num(s, "forecastPoints") > 0);
            facts += " switched_to=" + other;
        }

        // 4. another forecast group, when the deployment has several: its series, with its own horizon
        if (driver.findElement(By.id("group-label")).isDisplayed()) {
            List<String> groups = new ArrayList<>();
            for (WebElement o : driver.findElements(By.cssSelector("#group option"))) {
                groups.add(o.getAttribute("value"));
            }
            String current = (String) state().get("group");
            String otherGroup = groups.stream().filter(g -> !g.equals(current)).findFirst().orElse(null);
            if (otherGroup == null) {
                throw new CheckFailed("the group picker shows one group only: " + groups);
            }
            long before = num(state(), "forecastPoints");
            driver.findElement(By.cssSelector("#group option[value='" + otherGroup.replace("'", "\\'") + "']"))
                    .click();
            Map<String, Object> switched = await("the chart to switch to group " + otherGroup, st ->
                    otherGroup.equals(st.get("group")) && "ok".equals(st.get("status"))
                            && num(st, "actualPoints") > 0 && num(st, "forecastPoints") > 0);
            facts += " groups=" + groups + " switched_to_group=" + otherGroup + " (series " + switched.get("series")
                    + ", " + num(switched, "forecastPoints") + "-step forecast, was " + before + ")";
        }

        // 5. an unknown series: a visible warning, no chart
        driver.get(url + "/?series=no-such-series-" + System.nanoTime());
        Map<String, Object> unknown = await("a visible message for an unknown series",
                s -> "warn".equals(s.get("status")) && String.valueOf(s.get("message")).contains("unknown"));
        WebElement status = driver.findElement(By.id("status"));
        if (!status.isDisplayed() || !status.getText().contains("unknown") || num(unknown, "actualPoints") != 0) {
            throw new CheckFailed("unknown series: status '" + status.getText() + "', " + unknown);
        }
        Path unknownShot = sibling(screenshot, "-unknown-series");
        Files.write(unknownShot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        List<String> errors = scriptErrors();
        if (!errors.isEmpty()) {
            throw new CheckFailed("script errors in the console: " + errors);
        }
        return "PASS " + facts + " unknown_series_message='" + status.getText() + "' screenshots " + screenshot
                + " " + unknownShot;
    }

    /** Console errors other than failed requests (the 404 of the unknown series is one, and expected). */
    private List<String> scriptErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue() && !e.getMessage().contains("Failed to load resource")) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    private Map<String, Object> await(String what, Predicate<Map<String, Object>> condition) throws Exception {
        AtomicReference<Map<String, Object>> last = new AtomicReference<>();
        try {
            return Awaitility.await(what).atMost(timeout).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last.set(state());
                        return last.get();
                    }, page -> page != null && condition.test(page));
        } catch (ConditionTimeoutException e) {
            throw new CheckFailed("timed out waiting for " + what + "; page state " + last.get() + ", status '"
                    + text("status") + "'");
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state() {
        Object s = js.executeScript("return window.streamcastLive ? Object.assign({}, window.streamcastLive) : null;");
        return (Map<String, Object>) s;
    }

    private String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    private static long num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    private static Path sibling(Path png, String suffix) {
        String name = png.getFileName().toString();
        String stem = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
        return png.resolveSibling(stem + suffix + ".png");
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException ignored) {
            // a temporary profile left behind is harmless
        }
    }

    /**
     * Counts the chart canvas' pixels by colour (unpremultiplied RGBA): the actual line (#1f5fbf, opaque), the
     * forecast line (#d9480f, opaque) and the band (the same orange at about 16 % alpha).
     */
    private static final String PIXELS = """
            const canvas = document.querySelector('#chart canvas');
            if (!canvas) { return {actual: 0, forecast: 0, band: 0}; }
            const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            const near = (i, r, g, b) => Math.abs(d[i] - r) < 50 && Math.abs(d[i + 1] - g) < 50 && Math.abs(d[i + 2] - b) < 50;
            let actual = 0, forecast = 0, band = 0;
            for (let i = 0; i < d.length; i += 4) {
              const a = d[i + 3];
              if (a > 160 && near(i, 31, 95, 191)) { actual++; }
              else if (a > 200 && near(i, 217, 72, 15)) { forecast++; }
              else if (a >= 20 && a <= 90 && near(i, 217, 72, 15)) { band++; }
            }
            return {actual: actual, forecast: forecast, band: band};
            """;
}
