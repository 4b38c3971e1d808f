package org.ledgerline.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.jdbc.AbortRefusingTransactionManager;
import org.ledgerline.eventstore.jdbc.CommitOrderedJdbcEventStorageEngine;
import org.ledgerline.eventstore.jdbc.PostgresDuplicateKeyResolver;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Guards the Spring Boot 4 + Axon 4.13 start-up order trap: if Axon's auto-configurations run before the
 * DataSource exists, Axon silently falls back to a no-op transaction manager and its own JDBC defaults.
 */
@LedgerlineIntegrationTest
class TransactionWiringIT {

    @Autowired
    TransactionManager axonTransactionManager;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    SagaStore<?> sagaStore;

    @Autowired
    Serializer serializer;

    @Autowired
    PersistenceExceptionResolver persistenceExceptionResolver;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager platformTransactionManager;

    @Test
    void axon_runs_in_spring_transactions_not_a_no_op() {
        assertThat(axonTransactionManager).isInstanceOf(SpringTransactionManager.class);
    }

    @Test
    void every_transaction_goes_through_the_manager_that_refuses_silent_rollbacks() {
        assertThat(platformTransactionManager).isInstanceOf(AbortRefusingTransactionManager.class);
    }

    @Test
    void axon_stores_events_tokens_and_sagas_in_postgresql() {
        assertThat(storageEngine).isInstanceOf(CommitOrderedJdbcEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        assertThat(sagaStore).isInstanceOf(JdbcSagaStore.class);
        assertThat(persistenceExceptionResolver).isInstanceOf(PostgresDuplicateKeyResolver.class);
    }

    @Test
    void everything_is_serialized_as_json_without_xstream() {
        assertThat(serializer).isInstanceOf(JacksonSerializer.class);
        assertThat(classPresent("com.thoughtworks.xstream.XStream")).isFalse();
    }

    @Test
    void flyway_created_every_axon_table() {
        assertThat(jdbc.queryForList(
                        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'", String.class))
                .contains(
                        "domainevententry",
                        "snapshotevententry",
                        "tokenentry",
                        "sagaentry",
                        "associationvalueentry",
                        "deadletterentry");
    }

    private static boolean classPresent(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
