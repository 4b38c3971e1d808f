package org.ledgerline.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.dashboard.HeadlessChromium;
import org.ledgerline.platform.web.ApiClient;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * How fast the saga dashboard follows the platform, in headless Chromium: clients place orders while the page is
 * open; for each order the page records (MutationObserver, same machine clock) when its row first appeared and when
 * it showed the saga confirmed (RUNNING at AWAIT_SHIPMENT). Prints placement→row and placement→confirmed
 * percentiles, then the time from signing in to a rendered first page with that many sagas. Run with
 * {@code bin/bench-dashboard}; tunables -Dbench.orders, -Dbench.clients.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.rate-limit.commands-per-second=0", "ledgerline.admin.email=bench@example.com",
            "ledgerline.admin.password=bench-admin-password", "logging.level.org.ledgerline=WARN"
        })
class DashboardLiveBenchmark {

    private static final String OBSERVER = """
            window.benchSeen = {};
            const record = () => {
                const now = Date.now();
                for (const row of document.querySelectorAll('#saga-rows tr')) {
                    const seen = window.benchSeen[row.dataset.orderId]
                                 || (window.benchSeen[row.dataset.orderId] = {row: now});
                    const step = row.querySelector('td.step-name').textContent;
                    if (!seen.confirmed && row.dataset.state === 'RUNNING' && step === 'AWAIT_SHIPMENT') {
                        seen.confirmed = now;
                    }
                }
            };
            new MutationObserver(record).observe(document.getElementById('saga-rows'), {childList: true});
            """;

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Test
    void the_page_follows_placed_orders_live() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.CHROMIUM), "needs /usr/bin/chromium");
        int orders = Integer.getInteger("bench.orders", 200);
        int clients = Integer.getInteger("bench.clients", 4);
        ApiClient api = new ApiClient(port, tokens);
        String admin = api.adminToken();
        String productId = field(api.post("/api/v1/products", admin, """
                {"sku": "BENCH-DASH", "name": "Kettle", "initialStock": 1000000,
                 "price": {"amount": "1.00", "currency": "EUR"}}""").body(), "productId");
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            customers.add(fundedCustomer(api, i));
        }
        Path profile = Files.createTempDirectory("ledgerline-bench-chromium-");
        WebDriver page = HeadlessChromium.start(HeadlessChromium.options(profile));
        try {
            page.get("http://127.0.0.1:" + port + "/dashboard");
            signIn(page, false);
            ((JavascriptExecutor) page).executeScript(OBSERVER);

            Map<String, Long> placedAt = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String customer = customers.get(c);
                int share = orders / clients;
                work.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        long before = System.currentTimeMillis();
                        HttpResponse<String> placed = api.post("/api/v1/orders", customer, """
                                {"lines": [{"productId": "%s", "quantity": 1}], "shippingAddress":
                                 {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}""".formatted(productId));
                        placedAt.put(field(placed.body(), "orderId"), before);
                    }
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            pool.shutdown();
            new WebDriverWait(page, Duration.ofMinutes(3))
                    .until(driver -> placedAt.keySet().stream()
                            .allMatch(id -> Boolean.TRUE.equals(((JavascriptExecutor) driver)
                                    .executeScript(
                                            "return !!(window.benchSeen[arguments[0]] && window.benchSeen[arguments[0]].confirmed)",
                                            id))));
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Number>> seen = (Map<String, Map<String, Number>>)
                    ((JavascriptExecutor) page).executeScript("return window.benchSeen");
            Histogram toRow = new Histogram(3);
            Histogram toConfirmed = new Histogram(3);
            placedAt.forEach((orderId, before) -> {
                toRow.recordValue(Math.max(0, seen.get(orderId).get("row").longValue() - before));
                toConfirmed.recordValue(
                        Math.max(0, seen.get(orderId).get("confirmed").longValue() - before));
            });
            System.out.printf(
                    "%n%d orders by %d clients, page open: placement -> row in the page p50 %d ms, p90 %d, "
                            + "p99 %d, max %d; placement -> confirmed in the page p50 %d ms, p90 %d, p99 %d, "
                            + "max %d%n",
                    placedAt.size(),
                    clients,
                    toRow.getValueAtPercentile(50),
                    toRow.getValueAtPercentile(90),
                    toRow.getValueAtPercentile(99),
                    toRow.getMaxValue(),
                    toConfirmed.getValueAtPercentile(50),
                    toConfirmed.getValueAtPercentile(90),
                    toConfirmed.getValueAtPercentile(99),
                    toConfirmed.getMaxValue());

            Histogram firstPage = new Histogram(3);
            for (int i = 0; i < 5; i++) {
                page.manage().deleteAllCookies();
                ((JavascriptExecutor) page).executeScript("sessionStorage.clear()");
                page.navigate().refresh();
                firstPage.recordValue(signIn(page, true));
            }
            System.out.printf(
                    "sign-in -> first page of 50 rows rendered (of %d sagas), 5 runs: p50 %d ms, max %d%n%n",
                    placedAt.size(), firstPage.getValueAtPercentile(50), firstPage.getMaxValue());
        } finally {
            page.quit();
            HeadlessChromium.deleteProfile(profile);
        }
    }

    /** Signs in and answers how long it took until the (first page of) rows was on screen. */
    private long signIn(WebDriver page, boolean rowsExpected) {
        new WebDriverWait(page, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form")));
        page.findElement(By.id("email")).sendKeys("bench@example.com");
        page.findElement(By.id("password")).sendKeys("bench-admin-password");
        long before = System.nanoTime();
        page.findElement(By.id("sign-in-submit")).click();
        new WebDriverWait(page, Duration.ofSeconds(30)).until(driver -> {
            long rows = (Long) ((JavascriptExecutor) driver)
                    .executeScript("return document.querySelectorAll('#saga-rows tr').length");
            String busy = driver.findElement(By.id("saga-table")).getAttribute("aria-busy");
            return (rows > 0 || !rowsExpected) && "false".equals(busy);
        });
        long took = Duration.ofNanos(System.nanoTime() - before).toMillis();
        new WebDriverWait(page, Duration.ofSeconds(30))
                .until(ExpectedConditions.attributeToBe(By.id("live"), "data-live", "live"));
        return took;
    }

    private static String fundedCustomer(ApiClient api, int i) {
        String email = "bench-" + i + "-" + UUID.randomUUID() + "@example.com";
        String userId =
                field(api.post("/api/v1/users", null, """
                {"email": "%s", "name": "Bench", "password": "bench-password"}""".formatted(email)).body(), "userId");
        String token =
                field(api.post("/api/v1/auth/token", null, """
                {"email": "%s", "password": "bench-password"}""".formatted(email)).body(), "accessToken");
        HttpResponse<String> deposit = api.post("/api/v1/accounts/" + userId + "/deposits", token, """
                {"amount": {"amount": "100000.00", "currency": "EUR"}}""");
        assertThat(deposit.statusCode()).as(deposit.body()).isEqualTo(200);
        return token;
    }

    private static String field(String json, String name) {
        return json.replaceAll("(?s).*\"" + name + "\":\"([^\"]+)\".*", "$1");
    }
}
