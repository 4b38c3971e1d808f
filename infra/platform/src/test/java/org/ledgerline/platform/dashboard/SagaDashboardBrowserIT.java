package org.ledgerline.platform.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The saga dashboard in a real browser (headless Chromium) against the running platform: sign-in, live list, detail
 * timeline with compensations. The browser is the system's Chromium with its own chromedriver, both named by path, so
 * Selenium Manager never downloads anything; without Chromium the browser tests are skipped, not failed.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.admin.email=" + SagaDashboardBrowserIT.ADMIN_EMAIL,
            "ledgerline.admin.password=" + SagaDashboardBrowserIT.ADMIN_PASSWORD
        })
class SagaDashboardBrowserIT {

    static final String ADMIN_EMAIL = "ops@example.com";
    static final String ADMIN_PASSWORD = "dashboard-admin-password";

    private static final Duration SAGA_PROGRESS = Duration.ofSeconds(30);
    private static final String ADDRESS = """
            {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}""";

    private static WebDriver browser;
    private static Path profile;

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    ApiClient api;
    String adminToken;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port, tokens);
        adminToken = api.adminToken();
    }

    @AfterEach
    void theBrowserLoggedNoErrors() {
        if (browser == null) {
            return;
        }
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
        assertThat(errors).as("browser console errors").isEmpty();
    }

    @AfterAll
    static void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
        if (profile != null) {
            HeadlessChromium.deleteProfile(profile);
        }
    }

    @Test
    void a_paid_order_appears_live_and_runs_to_completed_without_a_reload() {
        WebDriver page = signedInAsAdmin();
        String productId = product(10);
        Customer customer = customer("100.00");

        String orderId = placeOrder(customer, productId);

        waitFor(row(orderId), SAGA_PROGRESS);
        waitUntilRow(orderId, "RUNNING", "AWAIT_SHIPMENT");
        await().atMost(SAGA_PROGRESS)
                .until(() ->
                        api.post("/api/v1/orders/" + orderId + "/ship", adminToken, "{\"trackingNumber\": \"TRACK-7\"}")
                                        .statusCode()
                                == 202);
        waitUntilRow(orderId, "COMPLETED", null);
        assertThat(((JavascriptExecutor) page).executeScript("return window.ledgerlineTestMarker"))
                .as("the page was not reloaded")
                .isEqualTo("kept");
    }

    @Test
    void an_order_that_cannot_be_paid_shows_its_compensation_steps_and_ends_compensated() throws IOException {
        WebDriver page = signedInAsAdmin();
        String productId = product(10);
        Customer broke = customer(null);

        String orderId = placeOrder(broke, productId);

        waitUntilRow(orderId, "COMPENSATED", null);
        live(page).until(driver -> {
            driver.findElement(row(orderId))
                    .findElement(By.cssSelector("button.link"))
                    .click();
            return true;
        });
        waitFor(By.cssSelector("#detail-body li.step.compensation[data-step='RELEASE_STOCK']"), SAGA_PROGRESS);
        waitFor(By.cssSelector("#detail-body li.step.compensation[data-step='REJECT_ORDER']"), SAGA_PROGRESS);
        List<String> steps = live(page)
                .until(driver -> driver.findElements(By.cssSelector("#detail-body li.step")).stream()
                        .map(step -> step.getAttribute("data-step"))
                        .toList());
        assertThat(steps).containsSubsequence("RESERVE_STOCK", "CHARGE_PAYMENT", "RELEASE_STOCK", "REJECT_ORDER");
        String state = live(page)
                .until(driver -> driver.findElement(By.cssSelector("#detail-body .detail-head .state"))
                        .getText());
        assertThat(state).isEqualTo("COMPENSATED");
        String disabled = live(page)
                .until(driver -> String.valueOf(
                        driver.findElement(By.id("detail-compensate")).getDomProperty("disabled")));
        assertThat(disabled).as("force compensation is offered no more").isEqualTo("true");
        screenshot(page);
    }

    @Test
    void a_batch_retry_names_its_count_before_confirming_and_its_refusals_after() {
        WebDriver page = signedInAsAdmin();
        String orderId = placeOrder(customer(null), product(10));
        waitUntilRow(orderId, "COMPENSATED", null);
        live(page).until(driver -> {
            driver.findElement(row(orderId))
                    .findElement(By.cssSelector("td.check input"))
                    .click();
            return true;
        });

        page.findElement(By.id("batch-retry")).click();
        assertThat(waitFor(By.id("confirm-title"), Duration.ofSeconds(10)).getText())
                .isEqualTo("Retry 1 saga?");
        page.findElement(By.id("confirm-ok")).click();

        WebElement summary = waitFor(By.id("batch-summary"), Duration.ofSeconds(10));
        assertThat(summary.getText()).isEqualTo("Requested 1, accepted 0, refused 1.");
        assertThat(page.findElement(By.cssSelector("#result-body .refused")).getText())
                .contains("COMPENSATED");
        page.findElement(By.id("result-close")).click();
    }

    @Test
    void a_customer_who_signs_in_is_told_the_page_needs_an_administrator() {
        Customer customer = customer(null);
        WebDriver page = openDashboard();

        signIn(page, customer.email(), customer.password());

        WebElement forbidden = waitFor(By.id("forbidden-view"), Duration.ofSeconds(10));
        assertThat(forbidden.getText()).contains("This needs an administrator");
        assertThat(page.findElement(By.id("dashboard-view")).isDisplayed()).isFalse();
    }

    @Test
    void a_wrong_password_keeps_the_sign_in_form_with_a_message() {
        WebDriver page = openDashboard();

        signIn(page, ADMIN_EMAIL, "not-the-password");

        WebElement error = waitFor(By.id("sign-in-error"), Duration.ofSeconds(10));
        assertThat(error.getText()).isEqualTo("Wrong e-mail or password.");
        assertThat(page.findElement(By.id("sign-in-form")).isDisplayed()).isTrue();
        // Chromium logs every refused request by itself: the 401 of the token endpoint is the one error expected.
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .filteredOn(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .allMatch(entry -> entry.getMessage().contains("/api/v1/auth/token")
                        && entry.getMessage().contains("401"));
    }

    @Test
    void the_page_shell_is_public_and_every_saga_endpoint_needs_an_admin() {
        HttpResponse<String> bare = api.get("/dashboard", null);
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to).endsWith("/dashboard/"));
        HttpResponse<String> shell = api.get("/dashboard/", null);
        assertThat(shell.statusCode()).isEqualTo(200);
        assertThat(shell.body()).contains("<title>Sagas · Ledgerline</title>");
        assertThat(shell.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline"));
        assertThat(api.get("/dashboard/app.js", null).statusCode()).isEqualTo(200);

        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        for (String path : List.of(
                "/api/v1/sagas",
                "/api/v1/sagas/counts",
                "/api/v1/sagas/stream",
                "/api/v1/sagas/" + UUID.randomUUID())) {
            assertThat(api.get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(api.get(path, customer).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(api.post("/api/v1/sagas/batch", customer, "{\"action\": \"retry\", \"allInState\": \"FAILED\"}")
                        .statusCode())
                .isEqualTo(403);
    }

    // ------------------------------------------------------------------------------------------------ the browser

    private WebDriver openDashboard() {
        WebDriver page = browser();
        // A fresh tab per test: its sessionStorage starts empty, so no test inherits another's sign-in.
        String previous = page.getWindowHandle();
        page.switchTo().newWindow(WindowType.TAB);
        String fresh = page.getWindowHandle();
        page.switchTo().window(previous).close();
        page.switchTo().window(fresh);
        page.get("http://127.0.0.1:" + port + "/dashboard");
        waitFor(By.id("sign-in-form"), Duration.ofSeconds(10));
        return page;
    }

    private WebDriver signedInAsAdmin() {
        WebDriver page = openDashboard();
        signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
        waitFor(By.id("dashboard-view"), Duration.ofSeconds(10));
        new WebDriverWait(page, Duration.ofSeconds(30))
                .until(ExpectedConditions.attributeToBe(By.id("live"), "data-live", "live"));
        // Survives only as long as the document does: still there at the end means no reload happened.
        ((JavascriptExecutor) page).executeScript("window.ledgerlineTestMarker = 'kept'");
        return page;
    }

    private static void signIn(WebDriver page, String email, String password) {
        page.findElement(By.id("email")).sendKeys(email);
        page.findElement(By.id("password")).sendKeys(password);
        page.findElement(By.id("sign-in-submit")).click();
    }

    private static By row(String orderId) {
        return By.cssSelector("#saga-rows tr[data-order-id='" + orderId + "']");
    }

    /** A wait that looks again when live updates redraw the element it was reading. */
    private static WebDriverWait live(WebDriver page) {
        WebDriverWait wait = new WebDriverWait(page, SAGA_PROGRESS);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void waitUntilRow(String orderId, String state, String step) {
        live(browser)
                .withMessage(() -> "saga of order " + orderId + " to show " + state + " in the list")
                .until(driver -> {
                    List<WebElement> rows = driver.findElements(row(orderId));
                    if (rows.isEmpty() || !state.equals(rows.getFirst().getAttribute("data-state"))) {
                        return false;
                    }
                    return step == null
                            || step.equals(rows.getFirst()
                                    .findElement(By.cssSelector("td.step-name"))
                                    .getText());
                });
    }

    private static WebElement waitFor(By locator, Duration atMost) {
        return new WebDriverWait(browser, atMost)
                .ignoring(StaleElementReferenceException.class)
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private static void screenshot(WebDriver page) throws IOException {
        File shot = ((TakesScreenshot) page).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", "saga-dashboard.png");
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static WebDriver browser() {
        Assumptions.assumeTrue(
                Files.isExecutable(HeadlessChromium.CHROMIUM) && Files.isExecutable(HeadlessChromium.CHROMEDRIVER),
                "Chromium is not installed (/usr/bin/chromium and /usr/bin/chromedriver; Debian: "
                        + "apt-get install chromium chromium-driver): the dashboard browser test is "
                        + "skipped");
        if (browser == null) {
            try {
                profile = Files.createTempDirectory("ledgerline-chromium-");
            } catch (IOException e) {
                throw new IllegalStateException("No temporary directory for the browser profile", e);
            }
            ChromeOptions options = HeadlessChromium.options(profile);
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            browser = HeadlessChromium.start(options);
        }
        return browser;
    }

    // ------------------------------------------------------------------------------------------------ the API

    private record Customer(String userId, String email, String password, String token) {}

    private String product(int stock) {
        HttpResponse<String> created =
                api.post("/api/v1/products", adminToken, """
                {"sku": "DASH-%s", "name": "Teapot", "initialStock": %d,
                 "price": {"amount": "12.50", "currency": "EUR"}}""".formatted(UUID.randomUUID(), stock));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return field(created.body(), "productId");
    }

    /** A signed-up customer, with a deposit when {@code funds} is given. */
    private Customer customer(String funds) {
        String email = "c-" + UUID.randomUUID() + "@example.com";
        String password = "customer-password";
        HttpResponse<String> signUp = api.post("/api/v1/users", null, """
                {"email": "%s", "name": "Customer", "password": "%s"}""".formatted(email, password));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        HttpResponse<String> login = api.post("/api/v1/auth/token", null, """
                {"email": "%s", "password": "%s"}""".formatted(email, password));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        Customer customer =
                new Customer(field(signUp.body(), "userId"), email, password, field(login.body(), "accessToken"));
        if (funds != null) {
            HttpResponse<String> deposit = api.post(
                    "/api/v1/accounts/" + customer.userId() + "/deposits", customer.token(), """
                    {"amount": {"amount": "%s", "currency": "EUR"}}""".formatted(funds));
            assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        }
        return customer;
    }

    private String placeOrder(Customer customer, String productId) {
        HttpResponse<String> placed = api.post("/api/v1/orders", customer.token(), """
                {"lines": [{"productId": "%s", "quantity": 2}], "shippingAddress": %s}""".formatted(productId, ADDRESS));
        assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);
        return field(placed.body(), "orderId");
    }

    private static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        assertThat(value.find()).as(name + " in " + json).isTrue();
        return value.group(1);
    }
}
