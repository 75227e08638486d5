package io.hazelray.dashboard;

import com.hazelcast.core.HazelcastInstance;
import io.hazelray.Hazelray;
import io.hazelray.actors.ActorHandle;
import io.hazelray.core.ObjectRef;
import io.hazelray.runtime.GridTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real browser (headless Chromium, Debian's {@code chromium} and
 * {@code chromium-driver}, driven by Selenium) while a job runs on a two-member grid. Skipped only
 * when Chromium is absent outside CI; under CI ({@code CI} set) it must run.
 */
class DashboardBrowserTest extends GridTestSupport {
    private static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Paths.get("/usr/bin/chromedriver");
    /** A name that would run script if the page wrote it as HTML. */
    private static final String HOSTILE_NAME = "<img src=x onerror=\"window.hacked=1\">";

    private WebDriver browser;
    private Dashboard dashboard;
    private Path profile;

    @AfterEach
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    void shouldShowTasksMoveOnOpenATraceAndKillAnActor() throws Exception {
        boolean available = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        assumeTrue(available || System.getenv("CI") != null, "chromium and chromium-driver are not installed");
        List<HazelcastInstance> members = startCluster(2, 2);
        dashboard = Dashboard.start(members.get(0), DashboardOptions.onPort(0));
        browser = startChromium();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class); // the page redraws its tables every second

        try (Hazelray ray = Hazelray.connect(members.get(1))) {
            ActorHandle<Tally> victim = ray.actor(Tally::new).name("victim").remote();
            ActorHandle<Tally> hostile = ray.actor(Tally::new).name(HOSTILE_NAME).remote();
            ray.get(List.of(victim.task(Tally::add, 1).remote(), hostile.task(Tally::add, 1).remote()));

            browser.get(dashboard.url().orElseThrow());
            wait.until(d -> d.findElements(By.cssSelector("#members-table tbody tr")).size() == 2);

            // a job: 16 tasks of 0.8 s on 4 slots, every fourth one failing
            List<ObjectRef<Integer>> job = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                job.add(ray.task(DashboardBrowserTest::slowly, i).remote());
            }
            wait.until(rowInState("running"));
            ray.waitFor(job);
            wait.until(rowInState("finished"));
            wait.until(d -> d.findElement(By.id("count-failed")).getText().equals("4")
                    && d.findElement(By.id("count-finished")).getText().equals("12"));

            // a failed task's remote stack trace, one click away
            new Select(browser.findElement(By.id("task-filter"))).selectByValue("failed");
            wait.until(d -> {
                List<WebElement> rows = d.findElements(By.cssSelector("#tasks-table tbody tr"));
                return !rows.isEmpty() && rows.stream().allMatch(r -> "FAILED".equals(r.getAttribute("data-state")));
            });
            wait.until(d -> {
                d.findElement(By.cssSelector("#tasks-table tbody tr button.show-trace")).click();
                return d.findElement(By.id("trace-panel")).isDisplayed();
            });
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("trace-text"), "slowly"));
            assertThat(browser.findElement(By.id("trace-text")).getText()).contains("IllegalStateException")
                    .contains("<b>unlucky</b>");

            // user strings are text: the hostile name shows as typed, and its markup never ran
            By hostileName = By.xpath("//table[@id='actors-table']//td[@class='actor-name']");
            wait.until(d -> d.findElements(hostileName).stream().anyMatch(e -> e.getText().equals(HOSTILE_NAME)));
            assertThat(browser.findElements(By.cssSelector("#actors-table img"))).isEmpty();
            assertThat(((JavascriptExecutor) browser).executeScript("return window.hacked === undefined")).isEqualTo(true);

            // kill an actor with its button, see it marked dead
            By victimRow = By.cssSelector("#actors-table tr[data-actor-id='" + victim.actorId() + "']");
            wait.until(d -> d.findElement(victimRow).findElement(By.cssSelector(".actor-state")).getText().equals("alive"));
            wait.until(d -> {
                d.findElement(victimRow).findElement(By.cssSelector("button.kill")).click();
                return true;
            });
            wait.until(ExpectedConditions.alertIsPresent()).accept();
            wait.until(d -> d.findElement(victimRow).findElement(By.cssSelector(".actor-state")).getText().equals("dead"));
            assertThat(ray.getActor("victim")).isEmpty();

            Path screenshot = Paths.get("target", "dashboard.png");
            Files.createDirectories(screenshot.getParent());
            ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Function<WebDriver, Boolean> rowInState(String state) {
        return d -> d.findElements(By.cssSelector("#tasks-table td.task-state")).stream()
                .anyMatch(e -> e.getText().equals(state));
    }

    private WebDriver startChromium() throws IOException {
        profile = Files.createTempDirectory("hazelray-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1400,2200");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    static int slowly(int i) throws InterruptedException {
        Thread.sleep(800);
        if (i % 4 == 3) {
            throw new IllegalStateException("task " + i + " was <b>unlucky</b>");
        }
        return i;
    }

    /** A counter actor. */
    public static final class Tally implements Serializable {
        private int total;

        public int add(int n) {
            total += n;
            return total;
        }
    }
}
