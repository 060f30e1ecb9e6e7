package io.gatehouse.web.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which {@code ./gatehouse test}
 * installs when absent) driven through ChromeDriver. Each instance is a fresh profile: no cookies, its own
 * download folder. The flags keep Chromium from reaching for Google's services, which this network refuses.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("gatehouse.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("gatehouse.chromedriver", "/usr/bin/chromedriver"));

    private final URI base;
    private final Path profile;
    private final Path downloads;
    private final ChromeDriver driver;

    Browser(URI base) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": run them through ./gatehouse test, which installs Debian's chromium and chromium-driver");
        }
        this.base = base;
        try {
            this.profile = Files.createTempDirectory("gatehouse-chromium");
            this.downloads = Files.createTempDirectory("gatehouse-downloads");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    WebDriver driver() {
        return driver;
    }

    Browser open(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    WebElement await(String css, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void awaitPath(String path, Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> path.equals(path()));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Signs in through the form, as a person would: type, press the button, land on the role's page. */
    Browser signIn(String user, String password) {
        open("/login");
        find("#username").sendKeys(user);
        find("#password").sendKeys(password);
        find("form button[type=submit]").click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> !"/login".equals(path()));
        return this;
    }

    /** Saves a PNG under target/screenshots and, when -Dgatehouse.screenshots.dir is set, there too (docs/). */
    Path screenshot(String name) {
        // the whole page, not just the first screenful: grow the window to the page's height for the shot
        org.openqa.selenium.Dimension before = driver.manage().window().getSize();
        long height = ((Number) script("return document.documentElement.scrollHeight;")).longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(before.getWidth(),
                (int) Math.min(2400, Math.max(before.getHeight(), height + 140))));
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        driver.manage().window().setSize(before);
        try {
            Path out = Path.of("target", "screenshots", name + ".png");
            Files.createDirectories(out.getParent());
            Files.write(out, png);
            String docs = System.getProperty("gatehouse.screenshots.dir");
            if (docs != null && !docs.isBlank()) {
                Path d = Path.of(docs);
                Files.createDirectories(d);
                Files.write(d.resolve(name + ".png"), png);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a finished download whose name ends with {@code suffix} and returns it. */
    Path awaitDownload(String suffix, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                var done = files.filter(f -> f.getFileName().toString().endsWith(suffix)).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sleep(100);
        }
        throw new AssertionError("no download ending in " + suffix + " within " + timeout);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            for (Path dir : new Path[]{profile, downloads}) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temp folder left behind is not worth failing a test over
                }
            }
        }
    }
}
