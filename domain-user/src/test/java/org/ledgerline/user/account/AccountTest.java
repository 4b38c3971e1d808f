package org.ledgerline.user.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;

import java.util.Currency;
import java.util.UUID;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.InvalidCommandException;
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

class AccountTest {

    private static final Currency EUR = Currency.getInstance("EUR");

    private final UserId holder = new UserId(UUID.fromString("00000000-0000-0000-0000-0000000000bb"));
    private final AccountId id = AccountId.of(holder);
    private final UUID order = UUID.fromString("00000000-0000-0000-0000-0000000000cc");
    private final UUID otherOrder = UUID.fromString("00000000-0000-0000-0000-0000000000dd");
    private final AccountOpened opened = new AccountOpened(id, EUR);
    private final MoneyDeposited fifty = new MoneyDeposited(id, eur("50.00"), eur("50.00"));
    private final AccountCharged charged = new AccountCharged(id, order, eur("20.00"), eur("30.00"));
    private FixtureConfiguration<Account> fixture;

    @BeforeEach
    void setUp() {
        // Commands name the holder and are routed to the stream account-<holder>; the fixture refuses an aggregate
        // whose id differs from the one it was loaded by, so every test also checks the two agree.
        fixture = new AggregateTestFixture<>(Account.class);
        fixture.registerInjectableResource(new EventStoreOrderCharges(fixture));
    }

    @Test
    @DisplayName("an account's stream is account-<user id>, never the user's own stream")
    void streamOfItsOwn() {
        assertThat(id.toString()).isEqualTo("account-" + holder).isNotEqualTo(holder.toString());
        assertThat(id.user()).isEqualTo(holder);
    }

    @Nested
    class Deposits {

        @Test
        @DisplayName("the first deposit opens the account in its currency")
        void firstDeposit() {
            fixture.givenNoPriorActivity()
                    .when(new DepositMoney(holder, eur("50.00")))
                    .expectEvents(opened, fifty);
        }

        @Test
        @DisplayName("a deposit adds to the balance")
        void deposit() {
            fixture.given(opened, fifty)
                    .when(new DepositMoney(holder, eur("0.01")))
                    .expectEvents(new MoneyDeposited(id, eur("0.01"), eur("50.01")));
        }

        @Test
        @DisplayName("a deposit must be more than zero")
        void notPositive() {
            fixture.given(opened)
                    .when(new DepositMoney(holder, eur("0.00")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.given(opened)
                    .when(new DepositMoney(holder, eur("-1.00")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.givenNoPriorActivity()
                    .when(new DepositMoney(holder, null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a refused first deposit does not open the account")
        void refusedFirstDeposit() {
            fixture.givenNoPriorActivity()
                    .when(new DepositMoney(holder, eur("0.00")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }

        @Test
        @DisplayName("an account takes no money in another currency than its first")
        void otherCurrency() {
            fixture.given(opened, fifty)
                    .when(new DepositMoney(holder, Money.of("5.00", "USD")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, Money.of("5.00", "USD")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }

        @Test
        @DisplayName("amounts and balances keep their scale")
        void scale() {
            fixture.given(opened)
                    .when(new DepositMoney(holder, eur("12.5")))
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(deposit("12.5", "12.50"), andNoMore())));
        }

        /** Money's equality ignores trailing zeros, so the scale is compared as written. */
        private static Matcher<Object> deposit(String amount, String balance) {
            return new CustomTypeSafeMatcher<>("a deposit of " + amount + " to " + balance + ", scale kept") {
                @Override
                protected boolean matchesSafely(Object item) {
                    return item instanceof MoneyDeposited deposited
                            && deposited.amount().amount().toPlainString().equals(amount)
                            && deposited.balance().amount().toPlainString().equals(balance);
                }
            };
        }
    }

    @Nested
    class Charges {

        @Test
        @DisplayName("a covered charge takes the amount from the balance")
        void charge() {
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, eur("20.00")))
                    .expectEvents(charged);
        }

        @Test
        @DisplayName("a charge of the whole balance leaves it at zero")
        void wholeBalance() {
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, eur("50.00")))
                    .expectEvents(new AccountCharged(id, order, eur("50.00"), eur("0.00")));
        }

        @Test
        @DisplayName("a charge beyond the balance is declined with INSUFFICIENT_FUNDS and the balance stays")
        void declined() {
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, eur("50.01")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new ChargeDeclined(
                            id, order, eur("50.01"), ChargeDeclineReason.INSUFFICIENT_FUNDS, eur("50.00")));
        }

        @Test
        @DisplayName("a charge on an account never funded opens it and is declined")
        void unfunded() {
            fixture.givenNoPriorActivity()
                    .when(new ChargeForOrder(holder, order, eur("1.00")))
                    .expectEvents(
                            opened,
                            new ChargeDeclined(
                                    id, order, eur("1.00"), ChargeDeclineReason.INSUFFICIENT_FUNDS, eur("0.00")));
        }

        @Test
        @DisplayName("charging the same order again changes nothing")
        void twice() {
            fixture.given(opened, fifty, charged)
                    .when(new ChargeForOrder(holder, order, eur("20.00")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a declined order is not charged when asked again, even once the balance covers it")
        void afterDecline() {
            fixture.given(
                            opened,
                            new ChargeDeclined(
                                    id, order, eur("20.00"), ChargeDeclineReason.INSUFFICIENT_FUNDS, eur("0.00")),
                            new MoneyDeposited(id, eur("50.00"), eur("50.00")))
                    .when(new ChargeForOrder(holder, order, eur("20.00")))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a charge names its order and a non-negative amount")
        void malformed() {
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, null, eur("1.00")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, eur("-1.00")))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
            fixture.given(opened, fifty)
                    .when(new ChargeForOrder(holder, order, null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class Refunds {

        @Test
        @DisplayName("a refund gives back what the order was charged")
        void refund() {
            fixture.given(opened, fifty, charged)
                    .when(new RefundOrder(holder, order))
                    .expectEvents(new AccountRefunded(id, order, eur("20.00"), eur("50.00")));
        }

        @Test
        @DisplayName("an order already refunded is not refunded again")
        void twice() {
            fixture.given(opened, fifty, charged, new AccountRefunded(id, order, eur("20.00"), eur("50.00")))
                    .when(new RefundOrder(holder, order))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("refunding an order that was never charged changes nothing")
        void neverCharged() {
            fixture.given(opened, fifty)
                    .when(new RefundOrder(holder, otherOrder))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("refunding a declined order changes nothing")
        void declinedOrder() {
            fixture.given(
                            opened,
                            new ChargeDeclined(
                                    id, order, eur("1.00"), ChargeDeclineReason.INSUFFICIENT_FUNDS, eur("0.00")))
                    .when(new RefundOrder(holder, order))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a refund on an account that does not exist changes nothing and opens nothing")
        void noAccount() {
            // The fixture's state-change check rebuilds the aggregate from its events, and an aggregate that applied
            // none cannot be rebuilt; AccountIT shows the real repository stores nothing for it.
            fixture.setReportIllegalStateChange(false);
            fixture.givenNoPriorActivity()
                    .when(new RefundOrder(holder, order))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        @DisplayName("a refund names its order")
        void noOrder() {
            fixture.given(opened, fifty, charged)
                    .when(new RefundOrder(holder, null))
                    .expectException(InvalidCommandException.class)
                    .expectNoEvents();
        }
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
