package org.ledgerline.user.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.Money;

/** Promises of the published contract that the aggregates' tests do not show. */
class ContractTest {

    private static final List<Class<? extends Record>> EVENTS = List.of(
            UserRegistered.class,
            UserProfileChanged.class,
            RoleGranted.class,
            RoleRevoked.class,
            UserDeactivated.class,
            AccountOpened.class,
            MoneyDeposited.class,
            AccountCharged.class,
            ChargeDeclined.class,
            AccountRefunded.class);
    private static final String HASH = "$2a$10$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQR";
    private final UserId id = UserId.of("00000000-0000-0000-0000-0000000000aa");

    @Test
    @DisplayName("a user id prints as the raw UUID and parses back from it")
    void userIdIsTheRawUuid() {
        assertThat(id.toString()).isEqualTo("00000000-0000-0000-0000-0000000000aa");
        assertThat(UserId.of(id.toString())).isEqualTo(id);
        assertThat(id.value()).isEqualTo(UUID.fromString(id.toString()));
    }

    @Test
    @DisplayName("no event of the user context has a place for a password or its hash")
    void noSecretsInEvents() {
        for (Class<? extends Record> event : EVENTS) {
            assertThat(Arrays.stream(event.getRecordComponents()).map(RecordComponent::getName))
                    .as(event.getSimpleName())
                    .noneMatch(name -> name.toLowerCase().contains("password")
                            || name.toLowerCase().contains("hash"));
        }
    }

    @Test
    @DisplayName("commands, events and logins print neither the e-mail address nor the hash")
    void nothingSecretInToString() {
        assertThat(new RegisterUser(id, "ada@example.com", "Ada", HASH).toString())
                .doesNotContain("ada@example.com")
                .doesNotContain(HASH);
        assertThat(new UserRegistered(id, "ada@example.com", "Ada", Set.of(Role.CUSTOMER)).toString())
                .doesNotContain("ada@example.com");
        assertThat(new UserLogin(id, "ada@example.com", HASH, Set.of(Role.CUSTOMER), true).toString())
                .doesNotContain("ada@example.com")
                .doesNotContain(HASH);
    }

    @Test
    @DisplayName("account commands name the holder and target the account's own stream")
    void accountCommandsTargetTheAccountStream() {
        AccountId account = AccountId.of(id);
        assertThat(account.toString()).isEqualTo("account-" + id);
        assertThat(account.user()).isEqualTo(id);
        assertThat(new DepositMoney(id, Money.of("1.00", "EUR")).targetAccount())
                .isEqualTo(account);
        assertThat(new ChargeForOrder(id, UUID.randomUUID(), Money.of("1.00", "EUR")).targetAccount())
                .isEqualTo(account);
        assertThat(new RefundOrder(id, UUID.randomUUID()).targetAccount()).isEqualTo(account);
        assertThat(new RefundOrder(null, UUID.randomUUID()).targetAccount()).isNull();
    }
}
