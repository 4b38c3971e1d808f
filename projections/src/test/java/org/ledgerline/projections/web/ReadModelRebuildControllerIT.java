package org.ledgerline.projections.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.kernel.Money;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.product.api.ProductCreated;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.http.TestCallers;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The read-model rebuild endpoint in the read models' own slice: an admin starts a rebuild (202, audited under the
 * admin's id) and follows it to DONE; anyone else, or an unknown model, is refused by the controller itself. How the
 * platform answers those refusals (403, 404 problems) and its URL rules are the platform's tests (AdminApiIT,
 * AccessAttackIT).
 */
@LedgerlineIntegrationTest
class ReadModelRebuildControllerIT {

    private static final String REBUILD = "/api/v1/admin/read-models/{model}/rebuild";

    @Autowired
    WebApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStore eventStore;

    MockMvc mvc;
    UUID adminId;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).build();
        adminId = UUID.randomUUID();
    }

    @Test
    void an_admin_rebuilds_a_model_follows_it_to_done_and_the_rebuild_is_audited() throws Exception {
        // A store with an event in it: a rebuild waits until it has handled the store's head.
        ProductId product = new ProductId(UUID.randomUUID());
        eventStore.publish(new GenericDomainEventMessage<>(
                "Product",
                product.toString(),
                0,
                new ProductCreated(product, "LAMP-1", "Desk Lamp", Money.of("30.00", "EUR"), 10)));
        mvc.perform(as(post(REBUILD, "products"), adminId, "ADMIN"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.model").value("products"));

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> mvc.perform(as(get(REBUILD, "products"), adminId, "ADMIN"))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.state").value("DONE")));
        assertThat(jdbc.queryForObject("SELECT sku FROM products WHERE product_id = ?", String.class, product.value()))
                .isEqualTo("LAMP-1");
        assertThat(jdbc.queryForList("SELECT actor || ' ' || action || ' ' || target FROM admin_audit", String.class))
                .containsExactly(adminId + " read-model.rebuild products");
    }

    @Test
    void a_customer_an_unknown_model_and_a_model_never_rebuilt_are_refused() {
        int audited = jdbc.queryForObject("SELECT count(*) FROM admin_audit", Integer.class);
        assertThatThrownBy(() -> mvc.perform(as(post(REBUILD, "products"), UUID.randomUUID(), "CUSTOMER")))
                .hasRootCauseInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> mvc.perform(as(post(REBUILD, "nope"), adminId, "ADMIN")))
                .hasRootCauseInstanceOf(NotFoundException.class)
                .rootCause()
                .hasMessageContaining("products");
        assertThatThrownBy(() -> mvc.perform(as(get(REBUILD, "users"), adminId, "ADMIN")))
                .hasRootCauseInstanceOf(NotFoundException.class);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM admin_audit", Integer.class))
                .isEqualTo(audited);
    }

    private static MockHttpServletRequestBuilder as(MockHttpServletRequestBuilder request, UUID user, String... roles) {
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + TestCallers.token(user, Set.of(roles)));
    }
}
