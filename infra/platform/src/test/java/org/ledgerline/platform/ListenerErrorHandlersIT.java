package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.ListenerInvocationErrorHandler;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.saga.journal.SagaFailures;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A handler's error is swallowed only by the processing group that keeps it. The order saga's failure keeper once was
 * a bean, and Axon made it the error handler of every group, the product catalog's included: a catalog insert that
 * failed inside the command's unit of work was swallowed, PostgreSQL rolled the transaction back at commit, and the
 * command was acknowledged with nothing stored.
 */
@LedgerlineIntegrationTest(kafka = true)
class ListenerErrorHandlersIT {

    @Autowired
    EventProcessingConfiguration processing;

    @Autowired
    ApplicationContext context;

    @Autowired
    CommandGateway commands;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void a_command_whose_catalog_write_fails_fails_and_stores_nothing() {
        long head = storedEvents();
        ProductId id = new ProductId(UUID.randomUUID());

        // Past the HTTP layer's checks: PostgreSQL refuses the NUL in the catalog's insert.
        assertThatThrownBy(() -> commands.sendAndWait(
                        new CreateProduct(id, "NUL-" + id, "a\u0000b", Money.of("1.00", "EUR"), 0)))
                .isNotNull();

        assertThat(storedEvents()).isEqualTo(head);
    }

    @Test
    void handlers_inside_a_commands_unit_of_work_propagate_their_errors() {
        assertThat(processing.listenerInvocationErrorHandler("product-catalog"))
                .isInstanceOf(PropagatingErrorHandler.class);
        assertThat(processing.listenerInvocationErrorHandler("user-credentials"))
                .isInstanceOf(PropagatingErrorHandler.class);
    }

    @Test
    void only_the_order_saga_keeps_its_handlers_errors() {
        assertThat(processing.listenerInvocationErrorHandler("order-saga")).isInstanceOf(SagaFailures.class);
        assertThat(context.getBeansOfType(ListenerInvocationErrorHandler.class)).isEmpty();
    }

    private long storedEvents() {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry", Long.class);
    }
}
