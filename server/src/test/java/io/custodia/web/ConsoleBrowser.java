package io.custodia.web;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium, with the few moves the journeys make: open a
 * page, fill a labelled field, press a button, wait for text, take a screenshot.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final WebDriver driver;
    private final String base;
    private final WebDriverWait wait;

    ConsoleBrowser(int port) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // As root and without network: no sandbox, no background calls home.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,900");
        // The console's messages, so that a test can see what the Content-Security-Policy refused.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        this.base = "http://localhost:" + port;
        // Polled every 50 ms: by default a wait looks every half second, so one whose condition
        // turns true just after its first look (most waits after a click) costs 500 ms.
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Signs in on the console's sign-in page, in the language given ({@code pt-BR} or {@code en}). */
    void signIn(String lang, String workspace, String email, String password) {
        open("/login?lang=" + lang);
        fill("workspace", workspace);
        fill("email", email);
        fill("password", password);
        press(lang.equals("en") ? "Sign in" : "Entrar");
    }

    void open(String path) {
        driver.get(base + path);
    }

    /** Fills the field with this id (every field has a label that points at it). */
    void fill(String id, String value) {
        WebElement field = find(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    /**
     * Sets a date or time field to this value as the browser keeps it (what its picker would put),
     * since how one types into such a field depends on the browser's locale.
     */
    void setValue(String id, String value) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]", find(By.id(id)), value);
    }

    /** Chooses this file in the file field with this id, as a person picking it in the dialog does. */
    void attach(String id, Path file) {
        find(By.id(id)).sendKeys(file.toAbsolutePath().toString());
    }

    /** Opens the folded section ({@code <details>}) that holds the field, as a click on its summary does. */
    void expand(String id) {
        WebElement field = find(By.id(id));
        field.findElement(By.xpath("ancestor::details/summary")).click();
        wait.until(ExpectedConditions.visibilityOf(field));
    }

    void choose(String id, String visibleText) {
        new Select(find(By.id(id))).selectByVisibleText(visibleText);
    }

    /** Ticks the radio button or check box of this name with this value. */
    void check(String name, String value) {
        find(By.cssSelector("input[name='" + name + "'][value='" + value + "']"))
                .click();
    }

    /**
     * Types into the people picker whose search box is {@code id} and, once its matches come,
     * chooses the one with this value (the person's id).
     */
    void pick(String id, String typed, String value) {
        fill(id, typed);
        By match = By.cssSelector("#" + id + "-options input[value='" + value + "']");
        wait.until(ExpectedConditions.elementToBeClickable(match)).click();
    }

    void chooseValue(String id, String value) {
        new Select(find(By.id(id))).selectByValue(value);
    }

    /**
     * Whether the page that held this element has been replaced. Asked in the middle of the
     * navigation, Chromium sometimes answers "node does not belong to the document" instead of
     * "stale element" (Selenium's own staleness check then fails the test); both mean replaced.
     */
    private static ExpectedCondition<Boolean> replaced(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException e) {
                return true;
            } catch (WebDriverException e) {
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw e;
            }
        };
    }

    /** Presses the (only) button with this text and waits for the next page. */
    void press(String text) {
        toNextPage(find(By.xpath("//button[normalize-space()='" + text + "']")));
    }

    /** Presses the button with this text in the form around the element {@code id}. */
    void pressNear(String id, String text) {
        WebElement form = find(By.id(id)).findElement(By.xpath("ancestor::form"));
        toNextPage(form.findElement(By.xpath(".//button[normalize-space()='" + text + "']")));
    }

    /**
     * Presses a button that htmx handles in place (the page is not reloaded) and waits until the
     * page shows {@code expected}.
     */
    void pressInPlace(String id, String text, String expected) {
        WebElement form = find(By.id(id)).findElement(By.xpath("ancestor::form"));
        form.findElement(By.xpath(".//button[normalize-space()='" + text + "']"))
                .click();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
    }

    /** Waits (up to 15 s, far less than the inbox's minute of polling) until the page shows the text. */
    void waitForText(String expected) {
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
    }

    /** Waits until the page's live stream is open (htmx marks the element that holds it). */
    void awaitLiveStream() {
        wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d)
                .executeScript("var e = document.querySelector('[sse-connect]');"
                        + " var s = e && e['htmx-internal-data'] && e['htmx-internal-data'].sseEventSource;"
                        + " return !!s && s.readyState === 1;")));
    }

    /**
     * Drags the element found by {@code fromCss} with the pointer onto the one found by {@code toCss},
     * in small steps as a hand would (a drag library starts only after the pointer has moved), and
     * waits until the page shows {@code expected}.
     */
    void drag(String fromCss, String toCss, String expected) {
        WebElement from = find(By.cssSelector(fromCss));
        WebElement to = find(By.cssSelector(toCss));
        new Actions(driver)
                .clickAndHold(from)
                .moveByOffset(5, 5)
                .moveByOffset(10, 10)
                .moveToElement(to)
                .moveByOffset(2, 2)
                .release()
                .perform();
        wait.until(d -> d.findElement(By.tagName("body")).getText().contains(expected));
    }

    /** The window's size in CSS pixels, as a laptop's or a phone's. */
    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Waits (up to 15 s) until the page's script ({@code return ...}) says the layout is as the
     * test expects: a page just opened in a resized window may still be laid out for the old size.
     * The test then measures and asserts it (a layout that never settles fails there, measured).
     */
    void awaitLayout(String script) {
        try {
            wait.until(d -> Boolean.TRUE.equals(((JavascriptExecutor) d).executeScript(script)));
        } catch (TimeoutException unsettled) {
            // The assertions that follow report what was measured.
        }
    }

    /** A number the page's script computes ({@code return ...}), to measure the layout. */
    long measure(String script) {
        return ((Number) ((JavascriptExecutor) driver).executeScript(script)).longValue();
    }

    /** How many elements the CSS selector finds, once it finds one (scripts may still be drawing). */
    int count(String css) {
        find(By.cssSelector(css));
        return driver.findElements(By.cssSelector(css)).size();
    }

    /** What the browser refused to run or load on the pages so far, as its console told it. */
    List<String> contentSecurityViolations() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy"))
                .toList();
    }

    /**
     * Every action the page's main part offers: the address of each form that changes something
     * (posted, or posted by htmx) and has a submit button one can press, and each download link
     * as {@code GET address}; searches and filters (forms that only read) are not actions.
     */
    @SuppressWarnings("unchecked")
    List<String> offeredActions() {
        find(By.tagName("main"));
        return (List<String>) ((JavascriptExecutor) driver)
                .executeScript("var out = [];"
                        + " document.querySelectorAll('main form').forEach(function (f) {"
                        + "   var method = (f.getAttribute('method') || 'get').toLowerCase();"
                        + "   var target = f.getAttribute('hx-post') || (method === 'post' ? f.getAttribute('action') : null);"
                        + "   if (!target) return;"
                        + "   var pressable = Array.prototype.some.call("
                        + "     f.querySelectorAll('button:not([type]), button[type=submit], input[type=submit]'),"
                        + "     function (b) { return !b.disabled && !b.closest('fieldset[disabled]'); });"
                        + "   if (pressable) out.push(target);"
                        + " });"
                        + " document.querySelectorAll('main a[download]').forEach(function (a) {"
                        + "   out.push('GET ' + a.getAttribute('href'));"
                        + " });"
                        + " return out;");
    }

    /** The values of the choices of the select with this id; none when the page has no such select. */
    List<String> options(String id) {
        find(By.tagName("main"));
        return driver.findElements(By.cssSelector("main select#" + id + " option")).stream()
                .map(option -> option.getDomAttribute("value"))
                .toList();
    }

    /** Presses the submit button of the page's form that posts to this address, and waits for the next page. */
    void submit(String action) {
        toNextPage(find(By.cssSelector("main form[action='" + action + "'] button")));
    }

    /**
     * Presses the submit button of the htmx form around the element {@code id} and waits until
     * htmx has put the answer in place of the page's main part.
     */
    void submitInPlace(String id) {
        WebElement main = find(By.tagName("main"));
        find(By.id(id)).findElement(By.xpath("ancestor::form//button")).click();
        wait.until(replaced(main));
    }

    /**
     * What the page says was refused (the message a refused form comes back with, or the page
     * that could not be shown), or null when it says nothing of the kind.
     */
    String refusal() {
        List<WebElement> errors = driver.findElements(By.cssSelector("main .error"));
        if (!errors.isEmpty()) {
            return errors.get(0).getText();
        }
        List<WebElement> error = driver.findElements(By.cssSelector("main h1"));
        String heading = error.isEmpty() ? "" : error.get(0).getText();
        return heading.equals("Não é possível fazer isso") || heading.equals("This cannot be done")
                ? heading + " (" + driver.getCurrentUrl() + ")"
                : null;
    }

    /** Waits until the page holds an element this CSS selector finds. */
    void await(String css) {
        find(By.cssSelector(css));
    }

    void follow(String linkText) {
        toNextPage(find(By.linkText(linkText)));
    }

    /**
     * The element, once the page holds it (the page may still be arriving). When it never comes,
     * the failure says which page was shown and what it said, so a journey that fails on a shared
     * CI machine can be read afterwards.
     */
    private WebElement find(By by) {
        try {
            return wait.until(ExpectedConditions.presenceOfElementLocated(by));
        } catch (TimeoutException absent) {
            String shown = driver.findElement(By.tagName("body")).getText();
            throw new AssertionError(
                    "no " + by + " on " + driver.getCurrentUrl() + " within 15 s; the page said:\n"
                            + shown.substring(0, Math.min(2_000, shown.length())),
                    absent);
        }
    }

    /** Clicks and waits until the page that held the element has been replaced by the next one. */
    private void toNextPage(WebElement clicked) {
        WebElement html = driver.findElement(By.tagName("html"));
        clicked.click();
        wait.until(replaced(html));
    }

    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The part of the address after {@code #}, or null. */
    String fragment() {
        return URI.create(driver.getCurrentUrl()).getFragment();
    }

    String cookie(String name) {
        var cookie = driver.manage().getCookieNamed(name);
        return cookie == null ? null : cookie.getValue();
    }

    /** The whole page (up to 3,000 pixels high), not only what the window shows. */
    void screenshot(Path file) throws IOException {
        screenshot(file, 1280);
    }

    /** The whole page at this window width (390 is a phone's), up to 3,000 pixels high. */
    void screenshot(Path file, int width) throws IOException {
        Files.createDirectories(file.getParent());
        // The height the page takes at the width of the shot, not at the laptop's width; the
        // window is that much taller than the page it shows, and the page is shot from its top
        // (a form that came back to "#comments" has scrolled it).
        driver.manage().window().setSize(new Dimension(width, 900));
        JavascriptExecutor script = (JavascriptExecutor) driver;
        int h = (int) Math.min(3000, Math.max(757, measure("return document.documentElement.scrollHeight")));
        int frame = (int) measure("return window.outerHeight - window.innerHeight");
        driver.manage().window().setSize(new Dimension(width, h + frame));
        script.executeScript("window.scrollTo(0, 0)");
        try {
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(new Dimension(1280, 900));
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
