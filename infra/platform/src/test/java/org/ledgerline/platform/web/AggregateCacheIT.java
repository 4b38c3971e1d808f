package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.kernel.Money;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.UserId;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Aggregates stay cached between commands, but a cached aggregate is never used once the store holds a newer event
 * of it (another node's write, ADR 0007): the next command sees that event.
 */
@LedgerlineIntegrationTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class AggregateCacheIT {

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    EventStore eventStore;

    @Autowired
    MeterRegistry meters;

    @Test
    void a_cached_account_is_used_while_current_and_reloaded_after_a_write_elsewhere() {
        ApiClient api = new ApiClient(port, tokens);
        UUID holder = UUID.randomUUID();
        String token = api.tokenFor(holder, "CUSTOMER");
        AccountId account = AccountId.of(new UserId(holder));

        assertThat(deposit(api, holder, token, "10.00").body()).contains("\"amount\":\"10.00\"");
        double hitsBefore = loads("hit");
        HttpResponse<String> second = deposit(api, holder, token, "5.00");
        assertThat(second.body()).contains("\"amount\":\"15.00\"");
        assertThat(second.headers().firstValue("ETag")).hasValue("\"2\"");
        assertThat(loads("hit")).isGreaterThan(hitsBefore);

        // Another node deposits 100.00: its event lands in the store without passing through this node's cache.
        eventStore.publish(new GenericDomainEventMessage<>(
                "Account",
                account.toString(),
                3,
                new MoneyDeposited(account, Money.of("100.00", "EUR"), Money.of("115.00", "EUR"))));
        double staleBefore = loads("stale");

        HttpResponse<String> third = deposit(api, holder, token, "1.00");
        assertThat(third.statusCode()).isEqualTo(200);
        assertThat(third.body()).contains("\"amount\":\"116.00\"");
        assertThat(third.headers().firstValue("ETag")).hasValue("\"4\"");
        assertThat(loads("stale")).isEqualTo(staleBefore + 1);
    }

    private static HttpResponse<String> deposit(ApiClient api, UUID holder, String token, String amount) {
        HttpResponse<String> response = api.post(
                "/api/v1/accounts/" + holder + "/deposits",
                token,
                "{\"amount\": {\"amount\": \"" + amount + "\", \"currency\": \"EUR\"}}",
                Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private double loads(String outcome) {
        return meters.counter("ledgerline.aggregate_cache.loads", "outcome", outcome)
                .count();
    }
}
