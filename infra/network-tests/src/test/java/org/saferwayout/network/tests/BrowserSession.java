package org.saferwayout.network.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One person's browser: a headless Chromium with a fresh profile (no cookies shared with anyone else's session),
 * driven through the system's chromedriver, with what the portal tests need of it: signing in through the identity
 * provider's form, screenshots of each step and axe-core's accessibility check of the page shown.
 *
 * <p>Chromium and chromedriver are the Debian packages ({@code .ci/run} installs them); Selenium Manager is kept
 * from downloading anything by naming both binaries (and {@code SE_OFFLINE=true} in surefire's environment).
 */
final class BrowserSession implements AutoCloseable {

    /** Patient: six JVMs and a browser share two cores while these tests run. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final String CHROMIUM = System.getProperty("chromium.binary", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("chromedriver.binary", "/usr/bin/chromedriver");
    private static final Path AXE_SCRIPT = Path.of(System.getProperty("axe.script",
            "target/axe/node_modules/axe-core/axe.min.js"));
    private static final Path SCREENSHOTS = Path.of(System.getProperty("portal.screenshots", "target/portal-screenshots"));
    private static final Set<String> BLOCKING_IMPACTS = Set.of("serious", "critical");
    /** Numbers the screenshots of every session in the order taken, so the folder reads as the story. */
    private static final AtomicInteger STEP = new AtomicInteger();
    /** The mark {@link #submit} sets on the page it leaves. */
    private static final String LEAVING_MARK = "swoSubmittedFromHere";

    static {
        // a run's screenshots only: an earlier run's would interleave with this one's numbers
        try (Stream<Path> old = Files.exists(SCREENSHOTS) ? Files.list(SCREENSHOTS) : Stream.empty()) {
            old.filter(file -> file.toString().endsWith(".png")).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private BrowserSession(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    static BrowserSession open() throws IOException {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        Path profile = Files.createTempDirectory("swo-chromium-profile-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1024", "--user-data-dir=" + profile);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
            return new BrowserSession(profile, service, driver);
        } catch (RuntimeException failed) {
            service.stop();
            deleteProfile(profile);
            throw failed;
        }
    }

    WebDriver driver() {
        return driver;
    }

    /** A fresh wait each time: a wait's message and polling are set on the wait itself. */
    WebDriverWait await() {
        return new WebDriverWait(driver, PATIENCE);
    }

    void go(String url) {
        driver.get(url);
    }

    String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Waits until the page at a URL starting with {@code prefix} is shown. */
    void awaitUrlStartingWith(String prefix) {
        await().withMessage(() -> "expected a page under " + prefix + ", at " + driver.getCurrentUrl())
                .until(d -> d.getCurrentUrl().startsWith(prefix));
    }

    WebElement awaitVisible(By by) {
        return await().until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /**
     * Reloads the page until the element shows: what another agency did (and, briefly, what this one did) reaches
     * a page through the exchange and the read models, a moment later.
     */
    WebElement awaitAfterReloading(By by) {
        return await().withMessage(() -> by + " did not show on " + pathOf(driver.getCurrentUrl()))
                .pollingEvery(Duration.ofSeconds(1))
                .until(d -> {
                    List<WebElement> found = d.findElements(by);
                    if (found.isEmpty()) {
                        d.navigate().refresh();
                        return null;
                    }
                    return found.get(0);
                });
    }

    /** Clicks the control with this id once it shows (links, buttons). */
    void click(String id) {
        awaitVisible(By.id(id)).click();
    }

    /**
     * Clicks a form's submit button and waits until the browser has left the page (the post answered, its redirect
     * followed): going elsewhere sooner would abort the post.
     */
    void submit(String buttonId) {
        WebElement button = awaitVisible(By.id(buttonId));
        // Mark this document's window: a new document gets a new window object without the mark. Asking the old
        // button whether it went stale is not reliable: ChromeDriver 156 sometimes answers "Node with given id does
        // not belong to the document" (an unknown error, not a stale element) while the new document commits.
        driver.executeScript("window." + LEAVING_MARK + " = true;");
        button.click();
        await().withMessage(() -> "the page stayed after " + buttonId)
                .ignoring(WebDriverException.class) // a script may find no document while the browser navigates
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window." + LEAVING_MARK + " !== true && document.readyState === 'complete';")));
        System.out.println("After " + buttonId + ": " + pageDiagnosis());
    }

    /** Types into the field with this id, replacing what it held. */
    void type(String id, String text) {
        WebElement field = awaitVisible(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    /** Ticks a checkbox or radio button by its label, as a person would; leaves it ticked if it was. */
    void tick(String id) {
        WebElement box = await().until(ExpectedConditions.presenceOfElementLocated(By.id(id)));
        if (!box.isSelected()) {
            driver.findElement(By.cssSelector("label[for='" + id + "']")).click();
        }
    }

    /** Chooses an option by the words it shows, as a person would. */
    void select(String id, String visibleText) {
        new Select(awaitVisible(By.id(id))).selectByVisibleText(visibleText);
    }

    String selected(String id) {
        return new Select(awaitVisible(By.id(id))).getFirstSelectedOption().getText();
    }

    /** Sets a date field: typing into it would depend on the browser's locale. */
    void setDate(String id, LocalDate day) {
        driver.executeScript("arguments[0].value = arguments[1];", awaitVisible(By.id(id)), day.toString());
    }

    /** Runs a script in the page, as a person could from the browser's console. */
    Object script(String script, Object... arguments) {
        return driver.executeScript(script, arguments);
    }

    String text(String id) {
        return awaitVisible(By.id(id)).getText();
    }

    /** Everything the page shows, to check what it must not show. */
    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /**
     * Signs in on the identity provider's login form, where a portal (or the authorization endpoint) has sent
     * this browser; returns once the browser has left the login page.
     */
    void signInAtIdentityProvider(String issuer, String username, String password) {
        awaitUrlStartingWith(issuer + "/login");
        WebElement user = awaitVisible(By.id("username"));
        user.clear();
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form button[type=submit]")).click();
        await().withMessage(() -> "still on the login page after signing in as " + username)
                .until(d -> !d.getCurrentUrl().startsWith(issuer + "/login"));
    }

    /** Saves what the browser shows as target/portal-screenshots/NN-step.png; returns the file. */
    Path screenshot(String step) {
        Path file = SCREENSHOTS.resolve(String.format("%02d-%s.png", STEP.incrementAndGet(), step));
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** A rule of axe-core the page breaks, with the elements (CSS selectors) that break it. */
    record AccessibilityViolation(String rule, String impact, String help, List<String> elements) {
        @Override
        public String toString() {
            return impact + " " + rule + " (" + help + ") at " + elements;
        }
    }

    /**
     * Runs axe-core (every rule of its default run: WCAG 2.0/2.1 A and AA and best practices) on the page shown and
     * returns the violations of serious or critical impact. The script is injected through WebDriver, which the
     * page's Content-Security-Policy does not govern.
     */
    List<AccessibilityViolation> seriousAccessibilityViolations() {
        JavascriptExecutor js = driver;
        if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
            js.executeScript(axeSource());
        }
        Object answer = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document)
                   .then(result => done(JSON.stringify(result.violations.map(v => ({
                        rule: v.id, impact: v.impact, help: v.help,
                        elements: v.nodes.map(n => n.target.join(' '))})))))
                   .catch(error => done('axe failed: ' + error));
                """);
        String violations = String.valueOf(answer);
        if (violations.startsWith("axe failed")) {
            throw new IllegalStateException(violations + " on " + pathOf(driver.getCurrentUrl()));
        }
        List<AccessibilityViolation> serious = new ArrayList<>();
        try {
            for (JsonNode violation : JSON.readTree(violations)) {
                if (BLOCKING_IMPACTS.contains(violation.path("impact").asText())) {
                    List<String> elements = new ArrayList<>();
                    violation.get("elements").forEach(element -> elements.add(element.asText()));
                    serious.add(new AccessibilityViolation(violation.get("rule").asText(),
                            violation.get("impact").asText(), violation.get("help").asText(), elements));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return serious;
    }

    private static String axeSource() {
        try {
            return Files.readString(AXE_SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException("axe-core is installed by the build (npm, generate-test-resources): "
                    + AXE_SCRIPT, e);
        }
    }

    /** Where the browser is (without the query) and the error messages the page shows, for a failing test's output. */
    String pageDiagnosis() {
        List<String> messages = new ArrayList<>();
        for (WebElement message : driver.findElements(By.cssSelector("#problem-message, #error-summary, .field-error"))) {
            messages.add(message.getText());
        }
        return pathOf(driver.getCurrentUrl()) + " \"" + driver.getTitle() + "\" " + messages;
    }

    /** The URL without its query: what a test may print about a page (queries could carry codes or state). */
    static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile(profile);
        }
    }

    private static void deleteProfile(Path profile) {
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind harms nothing
        }
    }
}
