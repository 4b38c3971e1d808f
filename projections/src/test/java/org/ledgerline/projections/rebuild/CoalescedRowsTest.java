package org.ledgerline.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ledgerline.projections.jooq.Tables.ORDERS;
import static org.ledgerline.projections.jooq.Tables.USER_ROLES;

import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.SQLDialect;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.ledgerline.projections.jooq.tables.records.OrdersRecord;
import org.ledgerline.projections.jooq.tables.records.UserRolesRecord;

/** How a batch's row writes are merged: the statements each sequence of writes to one row becomes. */
class CoalescedRowsTest {

    private final DSLContext sql = DSL.using(SQLDialect.POSTGRES);
    private final CoalescedRows rows = new CoalescedRows();
    private final UUID order = UUID.randomUUID();
    private final UUID user = UUID.randomUUID();

    @Test
    void an_insert_then_updates_of_one_row_become_one_insert_that_sets_only_the_updated_columns_on_conflict() {
        rows.insertIfAbsent(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "PENDING"));
        rows.update(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "CONFIRMED"));
        rows.update(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.TRACKING_NUMBER, "T-1"));

        assertThat(sql())
                .containsExactly(
                        "insert into \"orders\" (\"order_id\", \"status\", \"tracking_number\") values (" + uuid(order)
                                + ", 'CONFIRMED', 'T-1') on conflict (\"order_id\") do update set \"status\" = "
                                + "excluded.\"status\", \"tracking_number\" = excluded.\"tracking_number\"");
    }

    @Test
    void a_single_row_statement_carries_exactly_the_binds_jooq_sends_so_its_rendered_sql_can_be_reused() {
        UUID other = UUID.randomUUID();
        rows.insertIfAbsent(new OrdersRecord()
                .with(ORDERS.ORDER_ID, order)
                .with(ORDERS.STATUS, "PENDING")
                .with(ORDERS.REJECTION_REASON, null));
        rows.update(new OrdersRecord()
                .with(ORDERS.ORDER_ID, other)
                .with(ORDERS.STATUS, "SHIPPED")
                .with(ORDERS.TRACKING_NUMBER, "T-2"));
        rows.delete(role("ADMIN"));

        List<RenderedStatements.Statement> plan = rows.plan(sql);

        assertThat(plan)
                .hasSize(3)
                .allSatisfy(statement -> assertThat(statement.binds())
                        .isNotNull()
                        .isEqualTo(statement.query().getBindValues()));
    }

    @Test
    void updates_of_a_row_not_inserted_in_the_batch_become_one_update_with_the_last_values() {
        rows.update(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "CONFIRMED"));
        rows.update(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "SHIPPED"));

        assertThat(sql())
                .containsExactly(
                        "update \"orders\" set \"status\" = 'SHIPPED' where \"orders\".\"order_id\" = " + uuid(order));
    }

    @Test
    void an_update_before_the_insert_of_a_row_stays_before_it_and_the_insert_ignores_an_existing_row() {
        rows.update(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "CONFIRMED"));
        rows.insertIfAbsent(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "PENDING"));

        assertThat(sql())
                .containsExactly(
                        "update \"orders\" set \"status\" = 'CONFIRMED' where \"orders\".\"order_id\" = " + uuid(order),
                        "insert into \"orders\" (\"order_id\", \"status\") values (" + uuid(order) + ", 'PENDING') "
                                + "on conflict do nothing");
    }

    @Test
    void a_row_deleted_and_inserted_again_is_deleted_first_and_an_update_after_a_delete_does_nothing() {
        rows.delete(role("ADMIN"));
        rows.insertIfAbsent(role("ADMIN"));
        UUID other = UUID.randomUUID();
        rows.delete(new UserRolesRecord().with(USER_ROLES.USER_ID, other).with(USER_ROLES.ROLE, "ADMIN"));
        rows.update(new UserRolesRecord().with(USER_ROLES.USER_ID, other).with(USER_ROLES.ROLE, "ADMIN"));

        assertThat(sql())
                .containsExactly(
                        "delete from \"user_roles\" where (\"user_roles\".\"user_id\", \"user_roles\".\"role\") in (("
                                + uuid(user) + ", 'ADMIN'), (" + uuid(other) + ", 'ADMIN'))",
                        "insert into \"user_roles\" (\"user_id\", \"role\") values (" + uuid(user) + ", 'ADMIN') "
                                + "on conflict do nothing");
    }

    @Test
    void the_inserts_of_many_rows_go_as_one_statement_with_an_array_per_column() {
        rows.insertIfAbsent(new OrdersRecord().with(ORDERS.ORDER_ID, order).with(ORDERS.STATUS, "PENDING"));
        rows.insertIfAbsent(
                new OrdersRecord().with(ORDERS.ORDER_ID, UUID.randomUUID()).with(ORDERS.STATUS, "PENDING"));

        List<Query> statements = rows.statements(sql);
        assertThat(statements).hasSize(1);
        assertThat(statements.getFirst().getSQL())
                .contains("unnest(cast(? as uuid[]))")
                .contains("on conflict do nothing");
        assertThat(statements.getFirst().getBindValues()).hasSize(2);
    }

    /** How jOOQ inlines a UUID for PostgreSQL. */
    private static String uuid(UUID value) {
        return "cast('" + value + "' as uuid)";
    }

    private UserRolesRecord role(String role) {
        return new UserRolesRecord().with(USER_ROLES.USER_ID, user).with(USER_ROLES.ROLE, role);
    }

    private List<String> sql() {
        return rows.statements(sql).stream()
                .map(query -> query.getSQL(ParamType.INLINED))
                .toList();
    }
}
