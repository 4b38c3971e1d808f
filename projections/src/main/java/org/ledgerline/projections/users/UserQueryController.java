package org.ledgerline.projections.users;

import static org.ledgerline.projections.jooq.Tables.ACCOUNTS;
import static org.ledgerline.projections.jooq.Tables.CUSTOMER_ORDER_SUMMARY;
import static org.ledgerline.projections.jooq.Tables.USERS;
import static org.ledgerline.projections.jooq.Tables.USER_ROLES;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.Nullable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.MoneyBody;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.projections.config.ReadModelProcessor;
import org.ledgerline.projections.progress.ReadYourWrites;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A user, their account and their order summary: for the user themself or an ADMIN (others get 404). */
@RestController
@Tag(name = "Users")
@Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "userId")
class UserQueryController {

    private final DSLContext sql;
    private final ReadYourWrites readYourWrites;

    UserQueryController(DSLContext sql, ReadYourWrites readYourWrites) {
        this.sql = sql;
        this.readYourWrites = readYourWrites;
    }

    record UserView(
            UUID userId, String email, String name, List<String> roles, boolean active, OffsetDateTime createdAt) {}

    record AccountView(UUID userId, MoneyBody balance, MoneyBody reserved) {}

    record OrderSummary(
            UUID customerId, long orderCount, @Nullable MoneyBody totalSpent) {}

    @GetMapping("/api/v1/users/{userId}")
    @Operation(summary = "A user", description = "The user or an ADMIN.")
    UserView user(
            @PathVariable UUID userId,
            Caller caller,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        requireSelfOrAdmin(userId, caller, "user");
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        Record row = sql.selectFrom(USERS).where(USERS.USER_ID.eq(userId)).fetchOne();
        if (row == null) {
            throw new NotFoundException("No user " + userId);
        }
        List<String> roles = sql.select(USER_ROLES.ROLE)
                .from(USER_ROLES)
                .where(USER_ROLES.USER_ID.eq(userId))
                .orderBy(USER_ROLES.ROLE)
                .fetch(USER_ROLES.ROLE);
        return new UserView(
                userId,
                row.get(USERS.EMAIL),
                row.get(USERS.NAME),
                roles,
                row.get(USERS.ACTIVE),
                row.get(USERS.CREATED_AT));
    }

    @GetMapping("/api/v1/accounts/{userId}")
    @Operation(summary = "A customer's account", description = "The account holder or an ADMIN.")
    AccountView account(
            @PathVariable UUID userId,
            Caller caller,
            @RequestHeader(value = ReadYourWrites.HEADER, required = false) String minPosition) {
        requireSelfOrAdmin(userId, caller, "account");
        readYourWrites.await(ReadModelProcessor.NAME, minPosition);
        Record row = sql.selectFrom(ACCOUNTS).where(ACCOUNTS.USER_ID.eq(userId)).fetchOne();
        if (row == null) {
            throw new NotFoundException("No account " + userId);
        }
        BigDecimal balance =
                row.get(ACCOUNTS.BALANCE_AMOUNT).setScale(row.get(ACCOUNTS.BALANCE_SCALE), RoundingMode.UNNECESSARY);
        String currency = row.get(ACCOUNTS.CURRENCY);
        return new AccountView(
                userId,
                new MoneyBody(balance, currency),
                new MoneyBody(BigDecimal.ZERO.setScale(balance.scale()), currency));
    }

    @GetMapping("/api/v1/users/{userId}/order-summary")
    @Operation(summary = "A customer's order count and spending", description = "The customer or an ADMIN.")
    OrderSummary orderSummary(@PathVariable UUID userId, Caller caller) {
        requireSelfOrAdmin(userId, caller, "user");
        Record row = sql.selectFrom(CUSTOMER_ORDER_SUMMARY)
                .where(CUSTOMER_ORDER_SUMMARY.CUSTOMER_ID.eq(userId))
                .fetchOne();
        if (row == null) {
            return new OrderSummary(userId, 0, null);
        }
        String currency = row.get(CUSTOMER_ORDER_SUMMARY.CURRENCY).trim();
        int digits = Math.max(0, java.util.Currency.getInstance(currency).getDefaultFractionDigits());
        return new OrderSummary(
                userId,
                row.get(CUSTOMER_ORDER_SUMMARY.ORDER_COUNT),
                new MoneyBody(
                        row.get(CUSTOMER_ORDER_SUMMARY.TOTAL_SPENT).setScale(digits, RoundingMode.HALF_EVEN),
                        currency));
    }

    private static void requireSelfOrAdmin(UUID userId, Caller caller, String what) {
        if (!caller.isSelfOrAdmin(userId)) {
            throw new NotFoundException("No " + what + " " + userId);
        }
    }
}
