package org.ledgerline.saga.order;

import java.util.List;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.PlaceOrder;
import org.ledgerline.order.api.RequestedLine;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.CreateProduct;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/** Products, money and orders for saga tests, sent as commands (the HTTP door is tested elsewhere). */
public final class SagaFixtures {

    public static final ShippingAddress ADDRESS = new ShippingAddress("1 Main St", null, "Berlin", "10115", "DE");

    private final CommandGateway commands;
    private final JdbcTemplate jdbc;

    /**
     * For a test's context classes (not a @Configuration: only the contexts that name it take it): the saga's
     * {@code ConfirmOrder} commands never arrive, so the confirmation step waits for its deadline, or for the test
     * to confirm the order itself.
     */
    public static class ConfirmationsLost {

        @Bean
        @Primary
        SagaCommands losingConfirmations(@Qualifier("sagaCommands") SagaCommands real) {
            return command -> {
                if (!(command instanceof ConfirmOrder)) {
                    real.send(command);
                }
            };
        }
    }

    public SagaFixtures(CommandGateway commands, JdbcTemplate jdbc) {
        this.commands = commands;
        this.jdbc = jdbc;
    }

    public UUID product(String price, int stock) {
        UUID id = UUID.randomUUID();
        commands.sendAndWait(new CreateProduct(
                new ProductId(id), "SKU-" + id.toString().substring(0, 8), "Product", Money.of(price, "EUR"), stock));
        return id;
    }

    public UUID customer(String balance) {
        UUID id = UUID.randomUUID();
        commands.sendAndWait(new DepositMoney(new UserId(id), Money.of(balance, "EUR")));
        return id;
    }

    public UUID order(UUID customer, RequestedLine... lines) {
        UUID id = UUID.randomUUID();
        commands.sendAndWait(new PlaceOrder(new OrderId(id), customer, List.of(lines), ADDRESS));
        return id;
    }

    public String sagaState(UUID order) {
        List<String> states = jdbc.queryForList(
                "SELECT CASE WHEN failed THEN 'FAILED' ELSE state END FROM saga_instances WHERE order_id = ?",
                String.class,
                order);
        return states.isEmpty() ? null : states.getFirst();
    }

    public String sagaId(UUID order) {
        return jdbc.queryForObject("SELECT saga_id FROM saga_instances WHERE order_id = ?", String.class, order);
    }

    /** The order's last status event, by the order's own stream. */
    public String orderStatus(UUID order) {
        List<String> types = jdbc.queryForList(
                "SELECT payloadtype FROM domainevententry WHERE aggregateidentifier = ? "
                        + "ORDER BY sequencenumber DESC LIMIT 1",
                String.class,
                order.toString());
        return types.isEmpty()
                ? null
                : types.getFirst().substring(types.getFirst().lastIndexOf('.') + 1);
    }

    /** Count of events of a type about an order (its id in the payload). */
    public int events(String type, UUID order) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM domainevententry WHERE payloadtype = ? "
                        + "AND convert_from(payload, 'UTF8') LIKE ?",
                Integer.class,
                type,
                "%" + order + "%");
    }
}
