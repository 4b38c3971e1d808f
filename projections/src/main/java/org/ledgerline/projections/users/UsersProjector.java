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
import org.ledgerline.projections.rebuild.ReadModelWrites;
import org.ledgerline.kernel.Money;
import org.ledgerline.projections.progress.ProjectionProgress;
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
 * events carry, roles are rows inserted or deleted by name.
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
        writes.execute(sql.insertInto(USERS)
           .set(USERS.USER_ID, event.userId().value())
           .set(USERS.EMAIL, event.email())
           .set(USERS.NAME, event.name())
           .set(USERS.CREATED_AT, at.atOffset(ZoneOffset.UTC))
           .onConflictDoNothing());
        for (Role role : event.roles()) {
            role(event.userId().value(), role, true);
        }
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(UserProfileChanged event) {
        writes.execute(sql.update(USERS).set(USERS.NAME, event.name())
                          .where(USERS.USER_ID.eq(event.userId().value())));
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
        writes.execute(sql.update(USERS).set(USERS.ACTIVE, false)
                          .where(USERS.USER_ID.eq(event.userId().value())));
        progress.signalAfterCommit();
    }

    @EventHandler
    void on(AccountOpened event, @Timestamp Instant at) {
        writes.execute(sql.insertInto(ACCOUNTS)
           .set(ACCOUNTS.USER_ID, event.accountId().userId())
           .set(ACCOUNTS.CURRENCY, event.currency().getCurrencyCode())
           .set(ACCOUNTS.BALANCE_AMOUNT, Money.zero(event.currency()).amount())
           .set(ACCOUNTS.BALANCE_SCALE, Money.zero(event.currency()).amount().scale())
           .set(ACCOUNTS.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
           .onConflictDoNothing());
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
        if (held) {
            writes.execute(sql.insertInto(USER_ROLES).set(USER_ROLES.USER_ID, userId).set(USER_ROLES.ROLE, role.name())
               .onConflictDoNothing());
        } else {
            writes.execute(sql.deleteFrom(USER_ROLES)
                              .where(USER_ROLES.USER_ID.eq(userId), USER_ROLES.ROLE.eq(role.name())));
        }
        progress.signalAfterCommit();
    }

    private void balance(AccountId account, Money balance, Instant at) {
        writes.execute(sql.update(ACCOUNTS)
           .set(ACCOUNTS.BALANCE_AMOUNT, balance.amount())
           .set(ACCOUNTS.BALANCE_SCALE, balance.amount().scale())
           .set(ACCOUNTS.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
           .where(ACCOUNTS.USER_ID.eq(account.userId()))
           );
        progress.signalAfterCommit();
    }
}
