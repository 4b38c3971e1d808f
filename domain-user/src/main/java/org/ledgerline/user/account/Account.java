package org.ledgerline.user.account;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.ledgerline.kernel.Money;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclineReason;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.UserId;

/**
 * A customer's account. It opens with its first command, in the currency of the first money it sees. A charge it
 * cannot cover is declined with an event (the order saga reacts to it); charges and refunds are idempotent per order,
 * so the saga may retry them: an order's charge is answered once, charged or declined, and a charge asked again later
 * (a saga that never saw the answer) changes nothing, even if the balance would cover it by then. Commands name the account by its holder's user id and are routed to the account's own
 * stream, {@code account-<user id>}.
 *
 * <p>It keeps only its balance: what it answered each order (and a charge's amount, which a refund gives back) is asked
 * of {@link OrderCharges}, so its snapshot and cached state do not grow with its history (ADR 0024). Snapshots of the
 * earlier shape, which also held {@code charges}, {@code refunded} and {@code declined}, still load: the unknown
 * fields are skipped.
 */
@Aggregate(
        snapshotTriggerDefinition = AccountConfiguration.SNAPSHOT_TRIGGER,
        cache = "aggregateCache",
        lockFactory = "aggregateLockFactory")
class Account {

    @AggregateIdentifier
    private AccountId accountId;

    private Money balance;

    protected Account() {
        // For Axon: rebuilt from events or a snapshot, or created empty by the first command.
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DepositMoney command) {
        Money amount = AccountRules.requireDeposit(command.amount());
        openIfNew(command.accountId(), amount);
        AccountRules.requireCurrency(accountId, balance, amount);
        apply(new MoneyDeposited(accountId, amount, balance.plus(amount)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ChargeForOrder command, OrderCharges answers) {
        UUID order = AccountRules.requireOrder(command.orderId());
        Money amount = AccountRules.requireCharge(command.amount());
        openIfNew(command.accountId(), amount);
        AccountRules.requireCurrency(accountId, balance, amount);
        if (answers.of(accountId, order).isPresent()) {
            return; // answered already: a retry changes nothing
        }
        if (!balance.covers(amount)) {
            apply(new ChargeDeclined(accountId, order, amount, ChargeDeclineReason.INSUFFICIENT_FUNDS, balance));
            return;
        }
        apply(new AccountCharged(accountId, order, amount, balance.minus(amount)));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RefundOrder command, OrderCharges answers) {
        UUID order = AccountRules.requireOrder(command.orderId());
        if (accountId == null) {
            // Created just now by this command: nothing was ever charged, so there is nothing to refund. The id is
            // set only so Axon can name the (empty) aggregate; with no event applied nothing is stored.
            accountId = AccountId.of(command.accountId());
            return;
        }
        Optional<OrderCharges.Answer> answer = answers.of(accountId, order);
        if (answer.isEmpty() || answer.get().outcome() != OrderCharges.Outcome.CHARGED) {
            return; // never charged (declined, or never asked), or refunded already
        }
        Money charged = answer.get().amount();
        apply(new AccountRefunded(accountId, order, charged, balance.plus(charged)));
    }

    private void openIfNew(UserId holder, Money firstMoney) {
        if (accountId == null) {
            apply(new AccountOpened(AccountId.of(holder), firstMoney.currency()));
        }
    }

    @EventSourcingHandler
    void on(AccountOpened event) {
        accountId = event.accountId();
        balance = Money.zero(event.currency());
    }

    @EventSourcingHandler
    void on(MoneyDeposited event) {
        balance = event.balance();
    }

    @EventSourcingHandler
    void on(AccountCharged event) {
        balance = event.balance();
    }

    @EventSourcingHandler
    void on(AccountRefunded event) {
        balance = event.balance();
    }
}
