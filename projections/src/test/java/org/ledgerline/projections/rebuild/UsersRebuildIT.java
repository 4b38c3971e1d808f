package org.ledgerline.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Currency;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.RoleGranted;
import org.ledgerline.user.api.RoleRevoked;
import org.ledgerline.user.api.UserDeactivated;
import org.ledgerline.user.api.UserId;
import org.ledgerline.user.api.UserProfileChanged;
import org.ledgerline.user.api.UserRegistered;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The users model (users, roles, accounts) rebuilt with its writes merged per row, in batches of 7 events: roles
 * revoked and granted again, profiles changed, balances moved, users interleaved — the same rows as built live.
 */
@LedgerlineIntegrationTest(properties = "ledgerline.projections.rebuild-batch-size=7")
class UsersRebuildIT {

    private static final int USERS = 30;
    private static final Currency EUR = Currency.getInstance("EUR");

    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ProjectionProgress progress;

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Test
    void a_rebuild_of_users_roles_and_accounts_ends_with_exactly_the_rows_built_live() throws Exception {
        publishMixedHistory(new Random(7));
        long last = jdbc.queryForObject("SELECT max(globalindex) FROM domainevententry", Long.class);
        assertThat(progress.await("read-models", last, Duration.ofSeconds(60)))
                .as("live model caught up")
                .isTrue();
        List<Map<String, Object>> users = rows("SELECT * FROM users ORDER BY user_id");
        List<Map<String, Object>> roles = rows("SELECT * FROM user_roles ORDER BY user_id, role");
        List<Map<String, Object>> accounts = rows("SELECT * FROM accounts ORDER BY user_id");
        assertThat(roles).isNotEmpty();
        assertThat(accounts).hasSize(USERS);

        rebuilds.start("users");
        await().atMost(Duration.ofSeconds(120))
                .until(() -> rebuilds.status("users")
                        .map(RebuildStatus::state)
                        .orElse("")
                        .matches("DONE|FAILED"));

        assertThat(rebuilds.status("users").orElseThrow().state()).isEqualTo("DONE");
        assertThat(rows("SELECT * FROM users ORDER BY user_id")).isEqualTo(users);
        assertThat(rows("SELECT * FROM user_roles ORDER BY user_id, role")).isEqualTo(roles);
        assertThat(rows("SELECT * FROM accounts ORDER BY user_id")).isEqualTo(accounts);
    }

    private List<Map<String, Object>> rows(String select) {
        return jdbc.queryForList(select);
    }

    /** Per user: its own stream and its account's; streams interleaved at random, a few events per transaction. */
    private void publishMixedHistory(Random random) {
        List<Deque<GenericDomainEventMessage<?>>> streams = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            UserId user = new UserId(UUID.randomUUID());
            String id = user.toString();
            Deque<Object> events = new ArrayDeque<>();
            events.add(new UserRegistered(user, "user" + i + "@example.com", "User " + i, Set.of(Role.CUSTOMER)));
            switch (i % 4) {
                case 0 -> {
                    events.add(new RoleGranted(user, Role.ADMIN));
                    events.add(new RoleRevoked(user, Role.ADMIN));
                }
                case 1 -> {
                    events.add(new RoleRevoked(user, Role.CUSTOMER));
                    events.add(new RoleGranted(user, Role.CUSTOMER));
                    events.add(new UserProfileChanged(user, "Renamed " + i));
                }
                case 2 -> {
                    events.add(new RoleGranted(user, Role.ADMIN));
                    events.add(new UserDeactivated(user));
                }
                default -> events.add(new RoleRevoked(user, Role.CUSTOMER));
            }
            streams.add(stream("User", id, events));
            AccountId account = AccountId.of(user);
            Deque<Object> money = new ArrayDeque<>();
            money.add(new AccountOpened(account, EUR));
            for (int d = 1; d <= 1 + random.nextInt(4); d++) {
                money.add(new MoneyDeposited(account, Money.of("10.00", "EUR"), Money.of(d * 10 + ".00", "EUR")));
            }
            streams.add(stream("Account", "account-" + id, money));
        }
        TransactionTemplate tx = new TransactionTemplate(transactions);
        while (!streams.isEmpty()) {
            List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
            for (int n = 1 + random.nextInt(4); n > 0 && !streams.isEmpty(); n--) {
                Deque<GenericDomainEventMessage<?>> stream = streams.get(random.nextInt(streams.size()));
                messages.add(stream.poll());
                if (stream.isEmpty()) {
                    streams.remove(stream);
                }
            }
            tx.executeWithoutResult(status -> messages.forEach(eventStore::publish));
        }
    }

    private static Deque<GenericDomainEventMessage<?>> stream(String type, String aggregate, Deque<Object> events) {
        Deque<GenericDomainEventMessage<?>> messages = new ArrayDeque<>();
        long sequence = 0;
        for (Object event : events) {
            messages.add(new GenericDomainEventMessage<>(type, aggregate, sequence++, event));
        }
        return messages;
    }
}
