package org.ledgerline.saga.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.listWithAnyOf;
import static org.axonframework.test.matchers.Matchers.messageWithPayload;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.FixtureConfiguration;
import org.axonframework.test.saga.FixtureExecutionResult;
import org.axonframework.test.saga.SagaTestFixture;
import org.hamcrest.CustomTypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.order.api.CancelOrder;
import org.ledgerline.order.api.ConfirmOrder;
import org.ledgerline.order.api.OrderCancelled;
import org.ledgerline.order.api.OrderConfirmed;
import org.ledgerline.order.api.OrderId;
import org.ledgerline.order.api.OrderLine;
import org.ledgerline.order.api.OrderPlaced;
import org.ledgerline.order.api.OrderRejected;
import org.ledgerline.order.api.OrderShipped;
import org.ledgerline.order.api.OrderStatus;
import org.ledgerline.order.api.RejectOrder;
import org.ledgerline.order.api.ShippingAddress;
import org.ledgerline.product.api.CommitStockReservation;
import org.ledgerline.product.api.ProductId;
import org.ledgerline.product.api.ReleaseStockReservation;
import org.ledgerline.product.api.ReserveStock;
import org.ledgerline.product.api.StockRejectionReason;
import org.ledgerline.product.api.StockReservationCommitted;
import org.ledgerline.product.api.StockReservationRejected;
import org.ledgerline.product.api.StockReservationReleased;
import org.ledgerline.product.api.StockReserved;
import org.ledgerline.saga.api.SagaCompensationRequested;
import org.ledgerline.saga.api.SagaRetryRequested;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.ChargeDeclineReason;
import org.ledgerline.user.api.ChargeDeclined;
import org.ledgerline.user.api.ChargeForOrder;
import org.ledgerline.user.api.RefundOrder;
import org.ledgerline.user.api.UserId;

class OrderSagaTest {

    private static final SagaTimeouts TIMEOUTS = new SagaTimeouts(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(30),
            Duration.ofSeconds(40),
            Duration.ofSeconds(50));

    private final UUID order = UUID.randomUUID();
    private final UUID customer = UUID.randomUUID();
    private final UUID apples = UUID.randomUUID();
    private final UUID pears = UUID.randomUUID();
    private final Money total = Money.of("30.00", "EUR");

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private FixtureConfiguration fixture;
    private final FixtureProgress progress = new FixtureProgress();

    @BeforeEach
    void setUp() {
        SagaTestFixture<OrderSaga> saga = new SagaTestFixture<>(OrderSaga.class);
        saga.givenCurrentTime(START); // the fixture's event clock and deadline clock start together
        FixtureClock clock = FixtureClock.of(saga);
        saga.registerCommandGateway(SagaCommands.class);
        saga.registerResource(SagaJournal.NONE);
        saga.registerResource(progress);
        saga.registerResource(new SagaTimeouts(
                TIMEOUTS.reserveStock(), TIMEOUTS.chargePayment(),
                TIMEOUTS.confirmOrder(), TIMEOUTS.commitStock(),
                TIMEOUTS.compensation(), clock));
        fixture = saga;
    }

    // ---- the happy path

    @Test
    void a_placed_order_reserves_stock_for_every_product_and_waits_for_the_answers() throws Exception {
        fixture.givenNoPriorActivity()
                .whenPublishingA(placed())
                .expectActiveSagas(1)
                .expectAssociationWith(OrderSaga.ORDER_ID, order.toString())
                .expectDispatchedCommands(
                        new ReserveStock(new ProductId(apples), order, 2),
                        new ReserveStock(new ProductId(pears), order, 1))
                .expectScheduledDeadlineWithName(TIMEOUTS.reserveStock(), OrderSaga.STEP_TIMEOUT);
    }

    @Test
    void two_lines_of_one_product_are_reserved_as_one() throws Exception {
        OrderPlaced twoLines = new OrderPlaced(
                new OrderId(order), customer, List.of(line(apples, 2), line(apples, 3)), total, address());
        fixture.givenNoPriorActivity()
                .whenPublishingA(twoLines)
                .expectDispatchedCommands(new ReserveStock(new ProductId(apples), order, 5));
    }

    @Test
    void when_every_product_is_reserved_the_customer_is_charged_the_total() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenPublishingA(reserved(pears, 1))
                .expectDispatchedCommands(new ChargeForOrder(new UserId(customer), order, total));
    }

    @Test
    void a_charged_order_is_confirmed() throws Exception {
        givenReservedAndCharged().expectDispatchedCommands(new ConfirmOrder(new OrderId(order)));
    }

    @Test
    void later_steps_keep_the_deadline_of_the_first_instead_of_scheduling_their_own() throws Exception {
        givenReservedAndCharged()
                .expectScheduledDeadline(TIMEOUTS.reserveStock(), reserveStockTimeout())
                .expectNoScheduledDeadlineMatching(messageWithPayload(timeoutOf("CONFIRM_ORDER")));
    }

    @Test
    void a_deadline_firing_before_the_running_step_is_due_waits_on_until_it_is() throws Exception {
        givenReserved()
                .whenTimeElapses(TIMEOUTS.chargePayment().minusSeconds(1))
                .expectNoDispatchedCommands()
                .expectDeadlinesMet(reserveStockTimeout())
                .expectScheduledDeadline(
                        Duration.ofSeconds(1), new StepTimeout("CHARGE_PAYMENT", START.plus(TIMEOUTS.chargePayment())));
    }

    @Test
    void a_confirmed_order_waits_for_shipment_without_a_deadline() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenAPublished(reserved(pears, 1))
                .andThenAPublished(charged())
                .whenPublishingA(new OrderConfirmed(new OrderId(order)))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void shipping_commits_the_reservation_of_every_product() throws Exception {
        givenConfirmed()
                .whenPublishingA(new OrderShipped(new OrderId(order), "TRACK-1"))
                .expectDispatchedCommands(
                        new CommitStockReservation(new ProductId(apples), order),
                        new CommitStockReservation(new ProductId(pears), order))
                .expectActiveSagas(1);
    }

    @Test
    void the_saga_completes_once_every_reservation_is_committed() throws Exception {
        givenConfirmed()
                .andThenAPublished(new OrderShipped(new OrderId(order), "TRACK-1"))
                .andThenAPublished(new StockReservationCommitted(new ProductId(apples), order, 2))
                .whenPublishingA(new StockReservationCommitted(new ProductId(pears), order, 1))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    // ---- out of stock

    @Test
    void one_product_out_of_stock_releases_the_others_and_rejects_the_order() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenPublishingA(rejected(pears))
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new RejectOrder(new OrderId(order), "OUT_OF_STOCK"))
                .expectActiveSagas(1);
    }

    @Test
    void an_out_of_stock_saga_ends_once_the_release_and_the_rejection_are_confirmed() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenAPublished(rejected(pears))
                .andThenAPublished(new StockReservationReleased(new ProductId(apples), order, 2, 10))
                .whenPublishingA(new OrderRejected(new OrderId(order), "OUT_OF_STOCK"))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void an_out_of_stock_saga_waits_for_a_reservation_still_unanswered() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(rejected(pears))
                .whenPublishingA(new OrderRejected(new OrderId(order), "OUT_OF_STOCK"))
                .expectActiveSagas(1);
    }

    @Test
    void a_reservation_answered_after_an_out_of_stock_rejection_is_released() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(rejected(pears))
                .andThenAPublished(new OrderRejected(new OrderId(order), "OUT_OF_STOCK"))
                .whenPublishingA(reserved(apples, 2))
                .expectDispatchedCommands(new ReleaseStockReservation(new ProductId(apples), order));
    }

    // ---- payment declined

    @Test
    void a_declined_payment_releases_all_stock_and_rejects_the_order() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenAPublished(reserved(pears, 1))
                .whenPublishingA(new ChargeDeclined(
                        account(), order, total, ChargeDeclineReason.INSUFFICIENT_FUNDS, Money.of("5.00", "EUR")))
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new RejectOrder(new OrderId(order), "PAYMENT_DECLINED"));
    }

    // ---- timeouts

    @Test
    void a_reservation_timeout_releases_what_was_reserved_and_rejects_with_timeout() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenTimeElapses(TIMEOUTS.reserveStock())
                .expectDeadlinesMetMatching(listWithAnyOf(messageWithPayload(equalTo(reserveStockTimeout()))))
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new RejectOrder(new OrderId(order), "TIMEOUT"));
    }

    @Test
    void a_payment_timeout_releases_the_stock_and_rejects_with_timeout() throws Exception {
        givenReserved()
                .whenTimeElapses(TIMEOUTS.chargePayment())
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new RejectOrder(new OrderId(order), "TIMEOUT"));
    }

    @Test
    void a_confirmation_timeout_refunds_releases_and_rejects_with_timeout() throws Exception {
        givenReserved()
                .andThenAPublished(charged())
                .whenTimeElapses(TIMEOUTS.confirmOrder())
                .expectDispatchedCommands(
                        new RefundOrder(new UserId(customer), order),
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new RejectOrder(new OrderId(order), "TIMEOUT"));
    }

    @Test
    void an_answer_within_its_deadline_cancels_the_deadline() throws Exception {
        givenReserved()
                .andThenAPublished(charged())
                .andThenAPublished(new OrderConfirmed(new OrderId(order)))
                .whenTimeElapses(Duration.ofHours(1))
                .expectNoDispatchedCommands()
                .expectDeadlinesMet();
    }

    // ---- late answers after a timeout

    @Test
    void a_reservation_arriving_after_a_timeout_is_released() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenTimeElapses(TIMEOUTS.reserveStock())
                .whenPublishingA(reserved(pears, 1))
                .expectDispatchedCommands(new ReleaseStockReservation(new ProductId(pears), order))
                .expectActiveSagas(1);
    }

    @Test
    void a_charge_arriving_after_a_payment_timeout_is_refunded() throws Exception {
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .whenPublishingA(charged())
                .expectDispatchedCommands(new RefundOrder(new UserId(customer), order));
    }

    @Test
    void a_confirmation_arriving_after_a_confirmation_timeout_cancels_the_order() throws Exception {
        givenReserved()
                .andThenAPublished(charged())
                .andThenTimeElapses(TIMEOUTS.confirmOrder())
                .whenPublishingA(new OrderConfirmed(new OrderId(order)))
                .expectDispatchedCommands(new CancelOrder(new OrderId(order), "TIMEOUT", null));
    }

    @Test
    void a_timed_out_saga_stays_until_the_late_charge_is_refunded() throws Exception {
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .andThenAPublished(released(apples))
                .andThenAPublished(released(pears))
                .andThenAPublished(new OrderRejected(new OrderId(order), "TIMEOUT"))
                .andThenAPublished(charged())
                .whenPublishingA(refunded())
                .expectActiveSagas(0);
    }

    @Test
    void a_timed_out_saga_waiting_for_an_answer_is_not_ended() throws Exception {
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .andThenAPublished(released(apples))
                .andThenAPublished(released(pears))
                .whenPublishingA(new OrderRejected(new OrderId(order), "TIMEOUT"))
                .expectActiveSagas(1);
    }

    @Test
    void a_compensation_deadline_asks_again_for_every_unanswered_request_the_lost_charge_included() throws Exception {
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .andThenAPublished(released(apples))
                .andThenAPublished(new OrderRejected(new OrderId(order), "TIMEOUT"))
                .whenTimeElapses(TIMEOUTS.compensation())
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new ChargeForOrder(new UserId(customer), order, total));
    }

    @Test
    void a_saga_compensating_for_a_lost_charge_ends_once_the_charge_asked_again_is_answered() throws Exception {
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .andThenAPublished(released(apples))
                .andThenAPublished(released(pears))
                .andThenAPublished(new OrderRejected(new OrderId(order), "TIMEOUT"))
                .andThenTimeElapses(TIMEOUTS.compensation())
                .whenPublishingA(new ChargeDeclined(
                        account(), order, total, ChargeDeclineReason.INSUFFICIENT_FUNDS, Money.of("0.00", "EUR")))
                .expectActiveSagas(0);
    }

    @Test
    void compensation_requests_are_sent_again_after_waits_that_double() throws Exception {
        Instant compensationDue = START.plus(TIMEOUTS.chargePayment()).plus(TIMEOUTS.compensation());
        givenReserved()
                .andThenTimeElapses(TIMEOUTS.chargePayment())
                .andThenAPublished(released(apples))
                .andThenAPublished(new OrderRejected(new OrderId(order), "TIMEOUT"))
                .whenTimeElapses(TIMEOUTS.compensation())
                .expectDispatchedCommands(
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new ChargeForOrder(new UserId(customer), order, total))
                .expectScheduledDeadline(
                        TIMEOUTS.compensation().multipliedBy(2),
                        new StepTimeout(
                                "COMPENSATION",
                                compensationDue.plus(TIMEOUTS.compensation().multipliedBy(2))));
    }

    // ---- a deadline that finds the saga processor behind

    @Test
    void a_step_deadline_that_finds_the_saga_processor_behind_waits_instead_of_compensating() throws Exception {
        progress.caughtUp = false;
        givenReserved()
                .andThenAPublished(charged())
                .whenTimeElapses(TIMEOUTS.confirmOrder())
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(
                        Duration.ofSeconds(1),
                        new StepTimeout(
                                "CONFIRM_ORDER",
                                START.plus(TIMEOUTS.confirmOrder()).plusSeconds(1),
                                7L,
                                1));
    }

    @Test
    void an_answer_the_saga_processor_reaches_after_the_step_fell_due_is_not_compensated() throws Exception {
        progress.caughtUp = false;
        ContinuedGivenState behind =
                givenReserved().andThenAPublished(charged()).andThenTimeElapses(TIMEOUTS.confirmOrder());
        progress.caughtUp = true;

        behind.whenPublishingA(new OrderConfirmed(new OrderId(order)))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    @Test
    void once_the_saga_processor_has_caught_up_without_the_answer_the_step_times_out() throws Exception {
        progress.caughtUp = false;
        ContinuedGivenState behind =
                givenReserved().andThenAPublished(charged()).andThenTimeElapses(TIMEOUTS.confirmOrder());
        progress.caughtUp = true;

        behind.whenTimeElapses(Duration.ofSeconds(1))
                .expectDispatchedCommands(
                        new RefundOrder(new UserId(customer), order),
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new RejectOrder(new OrderId(order), "TIMEOUT"));
    }

    @Test
    void a_waiting_deadline_waits_for_the_events_stored_when_the_step_fell_due_with_growing_waits() throws Exception {
        progress.caughtUp = false;
        ContinuedGivenState behind =
                givenReserved().andThenAPublished(charged()).andThenTimeElapses(TIMEOUTS.confirmOrder());
        progress.stored = 9; // events stored since must not hold the step up

        behind.whenTimeElapses(Duration.ofSeconds(1))
                .expectNoDispatchedCommands()
                .expectScheduledDeadline(
                        Duration.ofSeconds(2),
                        new StepTimeout(
                                "CONFIRM_ORDER",
                                START.plus(TIMEOUTS.confirmOrder()).plusSeconds(3),
                                7L,
                                2));
        assertThat(progress.asked).containsExactly(7L, 7L);
    }

    // ---- cancellation

    @Test
    void cancelling_a_confirmed_order_refunds_and_releases_without_rejecting() throws Exception {
        givenConfirmed()
                .whenPublishingA(new OrderCancelled(new OrderId(order), "changed my mind", OrderStatus.CONFIRMED))
                .expectDispatchedCommands(
                        new RefundOrder(new UserId(customer), order),
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order));
    }

    @Test
    void a_cancelled_saga_ends_once_refund_and_releases_are_confirmed() throws Exception {
        givenConfirmed()
                .andThenAPublished(new OrderCancelled(new OrderId(order), "changed my mind", OrderStatus.CONFIRMED))
                .andThenAPublished(refunded())
                .andThenAPublished(released(apples))
                .whenPublishingA(released(pears))
                .expectActiveSagas(0)
                .expectNoScheduledDeadlines();
    }

    @Test
    void cancelling_a_pending_order_releases_what_was_reserved() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenPublishingA(new OrderCancelled(new OrderId(order), "too slow", OrderStatus.PENDING))
                .expectDispatchedCommands(new ReleaseStockReservation(new ProductId(apples), order));
    }

    @Test
    void a_reservation_arriving_after_a_cancellation_is_released_and_nothing_is_charged() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenAPublished(new OrderCancelled(new OrderId(order), "too slow", OrderStatus.PENDING))
                .whenPublishingA(reserved(pears, 1))
                .expectDispatchedCommands(new ReleaseStockReservation(new ProductId(pears), order));
    }

    // ---- duplicates

    @Test
    void a_repeated_stock_reservation_changes_nothing() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenPublishingA(reserved(apples, 2))
                .expectNoDispatchedCommands();
    }

    @Test
    void a_repeated_charge_changes_nothing() throws Exception {
        givenReserved()
                .andThenAPublished(charged())
                .andThenAPublished(new OrderConfirmed(new OrderId(order)))
                .whenPublishingA(charged())
                .expectNoDispatchedCommands();
    }

    @Test
    void a_repeated_confirmation_changes_nothing() throws Exception {
        givenConfirmed()
                .whenPublishingA(new OrderConfirmed(new OrderId(order)))
                .expectNoDispatchedCommands()
                .expectNoScheduledDeadlines();
    }

    // ---- operator requests

    @Test
    void a_retry_sends_the_unanswered_requests_of_the_current_step_again() throws Exception {
        fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .whenPublishingA(new SagaRetryRequested(order, "saga", UUID.randomUUID()))
                .expectDispatchedCommands(new ReserveStock(new ProductId(pears), order, 1))
                .expectScheduledDeadlineWithName(TIMEOUTS.reserveStock(), OrderSaga.STEP_TIMEOUT);
    }

    @Test
    void a_forced_compensation_refunds_releases_and_rejects() throws Exception {
        givenReserved()
                .andThenAPublished(charged())
                .whenPublishingA(new SagaCompensationRequested(order, "saga", UUID.randomUUID()))
                .expectDispatchedCommands(
                        new RefundOrder(new UserId(customer), order),
                        new ReleaseStockReservation(new ProductId(apples), order),
                        new ReleaseStockReservation(new ProductId(pears), order),
                        new RejectOrder(new OrderId(order), "COMPENSATED_BY_OPERATOR"));
    }

    // ---- helpers

    private StepTimeout reserveStockTimeout() {
        return new StepTimeout("RESERVE_STOCK", START.plus(TIMEOUTS.reserveStock()));
    }

    private static Matcher<StepTimeout> timeoutOf(String step) {
        return new CustomTypeSafeMatcher<>("a deadline for " + step) {
            @Override
            protected boolean matchesSafely(StepTimeout timeout) {
                return timeout.step().equals(step);
            }
        };
    }

    private ContinuedGivenState givenReserved() {
        return fixture.givenAPublished(placed())
                .andThenAPublished(reserved(apples, 2))
                .andThenAPublished(reserved(pears, 1));
    }

    private FixtureExecutionResult givenReservedAndCharged() {
        return givenReserved().whenPublishingA(charged());
    }

    private ContinuedGivenState givenConfirmed() {
        return givenReserved().andThenAPublished(charged()).andThenAPublished(new OrderConfirmed(new OrderId(order)));
    }

    private OrderPlaced placed() {
        return new OrderPlaced(
                new OrderId(order), customer, List.of(line(apples, 2), line(pears, 1)), total, address());
    }

    private OrderLine line(UUID product, int quantity) {
        return new OrderLine(
                product, "SKU-" + product.toString().substring(0, 4), "a product", quantity, Money.of("10.00", "EUR"));
    }

    private StockReserved reserved(UUID product, int quantity) {
        return new StockReserved(new ProductId(product), order, quantity, 10);
    }

    private StockReservationRejected rejected(UUID product) {
        return new StockReservationRejected(new ProductId(product), order, 1, 0, StockRejectionReason.OUT_OF_STOCK);
    }

    private StockReservationReleased released(UUID product) {
        return new StockReservationReleased(new ProductId(product), order, 1, 10);
    }

    private AccountCharged charged() {
        return new AccountCharged(account(), order, total, Money.of("70.00", "EUR"));
    }

    private AccountRefunded refunded() {
        return new AccountRefunded(account(), order, total, Money.of("100.00", "EUR"));
    }

    private AccountId account() {
        return AccountId.of(new UserId(customer));
    }

    private static ShippingAddress address() {
        return null;
    }
}
