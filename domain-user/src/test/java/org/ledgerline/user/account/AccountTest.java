package org.ledgerline.user.account;

import java.util.Currency;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
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

class AccountTest {

    private static final Currency EUR = Currency.getInstance("EUR");
    private final AccountId id = new AccountId(UUID.fromString("00000000-0000-0000-0000-0000000000bb"));
    private final UUID order = UUID.fromString("00000000-0000-0000-0000-0000000000cc");
    private final AccountOpened opened = new AccountOpened(id, EUR);
    private final MoneyDeposited fifty = new MoneyDeposited(id, Money.of("50.00", "EUR"), Money.of("50.00", "EUR"));
    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Account.class);
    }

    @Test
    @DisplayName("the first deposit opens the account in its currency")
    void firstDeposit() {
        fixture.givenNoPriorActivity()
               .when(new DepositMoney(id, Money.of("50.00", "EUR")))
               .expectEvents(opened, fifty);
    }

    @Test
    @DisplayName("a deposit must be more than zero")
    void zeroDeposit() {
        fixture.given(opened).when(new DepositMoney(id, Money.of("0.00", "EUR")))
               .expectException(InvalidCommandException.class).expectNoEvents();
    }

    @Test
    @DisplayName("an account takes no money in another currency")
    void otherCurrency() {
        fixture.given(opened, fifty).when(new DepositMoney(id, Money.of("5.00", "USD")))
               .expectException(InvalidCommandException.class).expectNoEvents();
    }

    @Test
    @DisplayName("a covered charge takes the amount from the balance")
    void charge() {
        fixture.given(opened, fifty).when(new ChargeForOrder(id, order, Money.of("20.00", "EUR")))
               .expectEvents(new AccountCharged(id, order, Money.of("20.00", "EUR"), Money.of("30.00", "EUR")));
    }

    @Test
    @DisplayName("a charge beyond the balance is declined with the reason and takes nothing")
    void declined() {
        fixture.given(opened, fifty).when(new ChargeForOrder(id, order, Money.of("50.01", "EUR")))
               .expectEvents(new ChargeDeclined(id, order, Money.of("50.01", "EUR"), "INSUFFICIENT_FUNDS",
                                                Money.of("50.00", "EUR")));
    }

    @Test
    @DisplayName("a charge on an account never funded opens it and is declined")
    void chargeUnfunded() {
        fixture.givenNoPriorActivity().when(new ChargeForOrder(id, order, Money.of("1.00", "EUR")))
               .expectEvents(opened, new ChargeDeclined(id, order, Money.of("1.00", "EUR"), "INSUFFICIENT_FUNDS",
                                                        Money.of("0.00", "EUR")));
    }

    @Test
    @DisplayName("charging the same order again changes nothing")
    void chargeTwice() {
        fixture.given(opened, fifty,
                      new AccountCharged(id, order, Money.of("20.00", "EUR"), Money.of("30.00", "EUR")))
               .when(new ChargeForOrder(id, order, Money.of("20.00", "EUR")))
               .expectSuccessfulHandlerExecution().expectNoEvents();
    }

    @Test
    @DisplayName("a refund gives back what the order was charged, once")
    void refund() {
        AccountCharged charged = new AccountCharged(id, order, Money.of("20.00", "EUR"), Money.of("30.00", "EUR"));
        AccountRefunded refunded = new AccountRefunded(id, order, Money.of("20.00", "EUR"), Money.of("50.00", "EUR"));
        fixture.given(opened, fifty, charged).when(new RefundOrder(id, order)).expectEvents(refunded);
        fixture.given(opened, fifty, charged, refunded).when(new RefundOrder(id, order)).expectNoEvents();
    }

    @Test
    @DisplayName("refunding an order that was never charged changes nothing")
    void refundUncharged() {
        fixture.given(opened, fifty).when(new RefundOrder(id, order)).expectSuccessfulHandlerExecution()
               .expectNoEvents();
    }
}
