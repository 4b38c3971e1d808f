package org.ledgerline.user.account;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclined;

/**
 * {@link OrderCharges} for Axon fixture tests: answered from the fixture's own event store, which is what the
 * {@code account_order_charge} rows are in production (written from the same events, ADR 0024).
 */
final class EventStoreOrderCharges implements OrderCharges {

    private final FixtureConfiguration<?> fixture;

    EventStoreOrderCharges(FixtureConfiguration<?> fixture) {
        this.fixture = fixture;
    }

    @Override
    public Optional<Answer> of(AccountId account, UUID order) {
        Answer answer = null;
        List<Object> payloads;
        try {
            payloads = fixture.getEventStore()
                    .readEvents(account.toString())
                    .asStream()
                    .map(event -> (Object) event.getPayload())
                    .toList();
        } catch (AggregateNotFoundException none) {
            return Optional.empty(); // the fixture's store has no event of this account yet
        }
        for (Object payload : payloads) {
            switch (payload) {
                case AccountCharged charged
                when charged.orderId().equals(order) -> answer = new Answer(Outcome.CHARGED, charged.amount());
                case ChargeDeclined declined
                when declined.orderId().equals(order) -> answer = new Answer(Outcome.DECLINED, declined.amount());
                case AccountRefunded refunded
                when refunded.orderId().equals(order) -> answer = new Answer(Outcome.REFUNDED, refunded.amount());
                default -> {}
            }
        }
        return Optional.ofNullable(answer);
    }
}
