package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/** Browsing the catalog: search, pages in name order, read-your-writes after an admin's change. */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=")
class ProductQueryIT extends PlatformApiTest {

    private static final Pattern NAME = Pattern.compile("\"name\":\"([^\"]+)\"");

    @Test
    void customers_search_the_catalog_page_by_page_and_see_an_admins_change_at_once() {
        String position = null;
        for (String name : List.of("Teapot blue", "Teapot red", "Cup", "Teapot green", "Teapot black")) {
            HttpResponse<String> created = api.post(
                    "/api/v1/products",
                    admin,
                    "{\"sku\": \"SKU-" + UUID.randomUUID() + "\", \"name\": \"" + name + "\", \"initialStock\": 4, "
                            + "\"price\": {\"amount\": \"9.90\", \"currency\": \"EUR\"}}");
            assertThat(created.statusCode()).isEqualTo(201);
            position = created.headers().firstValue("X-Ledgerline-Position").orElseThrow();
        }
        String customer = api.tokenFor(UUID.randomUUID(), "CUSTOMER");
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            HttpResponse<String> page = api.get(
                    "/api/v1/products?q=TEAPOT&limit=3" + (cursor == null ? "" : "&cursor=" + cursor),
                    customer,
                    Map.of("X-Ledgerline-Min-Position", position));
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher matcher = NAME.matcher(page.body());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            cursor = page.body().contains("\"nextCursor\":\"")
                    ? CommandApiFlowIT.field(page.body(), "nextCursor")
                    : null;
        } while (cursor != null);
        assertThat(names).containsExactly("Teapot black", "Teapot blue", "Teapot green", "Teapot red");

        assertThat(api.get("/api/v1/products?limit=0", customer).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/products/" + UUID.randomUUID(), customer).statusCode())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/products", null).statusCode()).isEqualTo(401);
    }
}
