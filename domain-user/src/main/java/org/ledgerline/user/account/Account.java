package org.ledgerline.user.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.Money;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.AccountId;

/**
 * A customer's account. It opens with its first command, in the currency of the first money it sees. A charge it
 * cannot cover is declined with an event (the saga reacts to it); charges and refunds are idempotent per order, so
 * the saga may retry them.
 */
@Aggregate(snapshotTriggerDefinition = org.ledgerline.user.identity.UserConfiguration.ACCOUNT_SNAPSHOT_TRIGGER)
class Account {

    static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";

    @AggregateIdentifier
    private AccountId accountId;
    private Money balance;
    private Map<UUID, Money> charges;
    private Set<UUID> refunded;

    protected Account() {
        // For Axon: rebuilt from events or a snapshot, or created by the first command.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DepositMoney command) {
        Money amount = requireAmount(command.amount());
        openIfNew(command.accountId(), amount);
        requireCurrency(amount);
        if (!amount.isPositive()) {
            throw new InvalidCommandException("A deposit must be more than zero");
        }
        apply(new MoneyDeposited(accountId, amount, balance.plus(amount)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChargeForOrder command) {
        Money amount = requireAmount(command.amount());
        openIfNew(command.accountId(), amount);
        requireCurrency(amount);
        if (command.orderId() == null) {
            throw new InvalidCommandException("A charge names its order");
        }
        if (amount.isNegative()) {
            throw new InvalidCommandException("A charge cannot be negative");
        }
        if (charges.containsKey(command.orderId())) {
            return; // charged already: a retry changes nothing
        }
        if (!balance.covers(amount)) {
            apply(new ChargeDeclined(accountId, command.orderId(), amount, INSUFFICIENT_FUNDS, balance));
            return;
        }
        apply(new AccountCharged(accountId, command.orderId(), amount, balance.minus(amount)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RefundOrder command) {
        if (accountId == null) {
            // Created just now by this command: nothing was ever charged, so there is nothing to refund. Axon
            // stores no aggregate that applied no event.
            accountId = command.accountId();
            return;
        }
        Money charged = charges.get(command.orderId());
        if (charged == null || refunded.contains(command.orderId())) {
            return;
        }
        apply(new AccountRefunded(accountId, command.orderId(), charged, balance.plus(charged)));
    }

    private void openIfNew(AccountId id, Money firstMoney) {
        if (accountId == null) {
            apply(new AccountOpened(id, firstMoney.currency()));
        }
    }

    private void requireCurrency(Money amount) {
        if (!balance.currency().equals(amount.currency())) {
            throw new InvalidCommandException("Account " + accountId + " is kept in " + balance.currency()
                                                      + "; it cannot take " + amount.currency());
        }
    }

    private static Money requireAmount(Money amount) {
        if (amount == null) {
            throw new InvalidCommandException("An amount is required");
        }
        return amount;
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        balance = Money.zero(event.currency());
        charges = new HashMap<>();
        refunded = new HashSet<>();
    }

    @EventSourcingHandler
    void on(MoneyDeposited event) {
        balance = event.balance();
    }

    @EventSourcingHandler
    void on(AccountCharged event) {
        balance = event.balance();
        charges.put(event.orderId(), event.amount());
    }

    @EventSourcingHandler
    void on(AccountRefunded event) {
        balance = event.balance();
        refunded.add(event.orderId());
    }
}
