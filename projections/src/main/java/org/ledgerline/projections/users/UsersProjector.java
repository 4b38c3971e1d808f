package org.ledgerline.projections.users;

import static org.ledgerline.projections.jooq.Tables.ACCOUNTS;
import static org.ledgerline.projections.jooq.Tables.USERS;
import static org.ledgerline.projections.jooq.Tables.USER_ROLES;

import java.time.Instant;
import java.time.ZoneOffset;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;
import org.ledgerline.kernel.Money;
import org.ledgerline.projections.jooq.tables.records.AccountsRecord;
import org.ledgerline.projections.jooq.tables.records.UserRolesRecord;
import org.ledgerline.projections.jooq.tables.records.UsersRecord;
import org.ledgerline.projections.progress.ProjectionProgress;
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.ledgerline.user.api.AccountCharged;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.AccountOpened;
import org.ledgerline.user.api.AccountRefunded;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.RoleGranted;
import org.ledgerline.user.api.RoleRevoked;
import org.ledgerline.user.api.UserDeactivated;
import org.ledgerline.user.api.UserProfileChanged;
import org.ledgerline.user.api.UserRegistered;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code users}, {@code user_roles} and {@code accounts}. Idempotent: balances are the absolute values the
 * events carry, roles are rows inserted or deleted by name. Writes are row writes by primary key, which a rebuild
 * merges per row ({@link ReadModelWrites}).
 */
@Component
@ProcessingGroup(UsersProjector.PROCESSING_GROUP)
class UsersProjector {

    static final String PROCESSING_GROUP = "users";

    private final DSLContext sql;
    private final ReadModelWrites writes;
    private final ProjectionProgress progress;

    UsersProjector(DSLContext sql, ReadModelWrites writes, ProjectionProgress progress) {
        this.sql = sql;
        this.writes = writes;
        this.progress = progress;
    }

    @EventHandler
    void on(UserRegistered event, @Timestamp Instant at) {
        writes.insertIfAbsent(new UsersRecord()
                .with(USERS.USER_ID, event.userId().value())
                .with(USERS.EMAIL, event.email())
                .with(USERS.NAME, event.name())
                .with(USERS.CREATED_AT, at.atOffset(ZoneOffset.UTC)));
        for (Role role : event.roles()) {
            role(event.userId().value(), role, true);
        }
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(UserProfileChanged event) {
        writes.update(
                new UsersRecord().with(USERS.USER_ID, event.userId().value()).with(USERS.NAME, event.name()));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(RoleGranted event) {
        role(event.userId().value(), event.role(), true);
    }

    @EventHandler
    void on(RoleRevoked event) {
        role(event.userId().value(), event.role(), false);
    }

    @EventHandler
    void on(UserDeactivated event) {
        writes.update(
                new UsersRecord().with(USERS.USER_ID, event.userId().value()).with(USERS.ACTIVE, false));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(AccountOpened event, @Timestamp Instant at) {
        writes.insertIfAbsent(new AccountsRecord()
                .with(ACCOUNTS.USER_ID, event.accountId().userId())
                .with(ACCOUNTS.CURRENCY, event.currency().getCurrencyCode())
                .with(ACCOUNTS.BALANCE_AMOUNT, Money.zero(event.currency()).amount())
                .with(
                        ACCOUNTS.BALANCE_SCALE,
                        Money.zero(event.currency()).amount().scale())
                .with(ACCOUNTS.UPDATED_AT, at.atOffset(ZoneOffset.UTC)));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(MoneyDeposited event, @Timestamp Instant at) {
        balance(event.accountId(), event.balance(), at);
    }

    @EventHandler
    void on(AccountCharged event, @Timestamp Instant at) {
        balance(event.accountId(), event.balance(), at);
    }

    @EventHandler
    void on(AccountRefunded event, @Timestamp Instant at) {
        balance(event.accountId(), event.balance(), at);
    }

    @ResetHandler
    void reset() {
        sql.deleteFrom(ACCOUNTS).execute();
        sql.deleteFrom(USER_ROLES).execute();
        sql.deleteFrom(USERS).execute();
    }

    private void role(java.util.UUID userId, Role role, boolean held) {
        UserRolesRecord row =
                new UserRolesRecord().with(USER_ROLES.USER_ID, userId).with(USER_ROLES.ROLE, role.name());
        if (held) {
            writes.insertIfAbsent(row);
        } else {
            writes.delete(row);
        }
        progress.signalAfterCommit();
    }

    private void balance(AccountId account, Money balance, Instant at) {
        writes.update(new AccountsRecord()
                .with(ACCOUNTS.USER_ID, account.userId())
                .with(ACCOUNTS.BALANCE_AMOUNT, balance.amount())
                .with(ACCOUNTS.BALANCE_SCALE, balance.amount().scale())
                .with(ACCOUNTS.UPDATED_AT, at.atOffset(ZoneOffset.UTC)));
        progress.signalAfterCommit();
    }
}
