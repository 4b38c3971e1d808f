package org.ledgerline.product.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The catalog endpoints in the product context's own slice: what an accepted command answers (status, Location,
 * ETag, the event's position) and that only an admin changes the catalog. How the platform answers refusals (409 on a
 * stale If-Match, 400 problems) is CommandEdgeIT's, in infra/platform.
 */
@LedgerlineIntegrationTest
class ProductControllerIT {

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
    }

    @Test
    void an_accepted_command_returns_its_location_position_and_version() throws Exception {
        MvcResult created = mvc.perform(as(post("/api/v1/products"), "ADMIN").content(product("B-1")))
                .andExpect(status().isCreated())
                .andExpect(header().string("ETag", "\"0\""))
                .andReturn();
        String productId =
                created.getResponse().getContentAsString().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1");
        assertThat(created.getResponse().getHeader("Location")).isEqualTo("/api/v1/products/" + productId);
        long position = Long.parseLong(created.getResponse().getHeader("X-Ledgerline-Position"));
        assertThat(jdbc.queryForObject(
                        "SELECT aggregateidentifier FROM domainevententry WHERE globalindex = ?",
                        String.class,
                        position))
                .isEqualTo(productId);

        mvc.perform(as(post("/api/v1/products/" + productId + "/price"), "ADMIN")
                        .header(HttpHeaders.IF_MATCH, "\"0\"")
                        .content("{\"price\": {\"amount\": \"13.00\", \"currency\": \"EUR\"}}"))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"1\""));
    }

    @Test
    void only_an_admin_changes_the_catalog() {
        long before = jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
        assertThatThrownBy(() ->
                        mvc.perform(as(post("/api/v1/products"), "CUSTOMER").content(product("B-2"))))
                .hasRootCauseInstanceOf(ForbiddenException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class))
                .isEqualTo(before);
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, String... roles) {
        return request.contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestCallers.token(UUID.randomUUID(), Set.of(roles)));
    }

    private static String product(String sku) {
        return """
               {"sku": "%s", "name": "Mug", "price": {"amount": "12.50", "currency": "EUR"}}""".formatted(sku);
    }
}
