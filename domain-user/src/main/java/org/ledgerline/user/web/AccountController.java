package org.ledgerline.user.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.eventstore.LatestEvents;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.CommandResponses;
import org.ledgerline.http.MoneyBody;
import org.ledgerline.kernel.Money;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.user.api.AccountId;
import org.ledgerline.user.api.DepositMoney;
import org.ledgerline.user.api.MoneyDeposited;
import org.ledgerline.user.api.UserId;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Deposits into a customer's account (the account holder or an ADMIN). */
@RestController
@RequestMapping("/api/v1/accounts")
@Tag(name = "Accounts")
class AccountController {

    private final CommandGateway commands;
    private final CommandResponses responses;
    private final LatestEvents events;

    AccountController(CommandGateway commands, CommandResponses responses, LatestEvents events) {
        this.commands = commands;
        this.responses = responses;
        this.events = events;
    }

    record DepositBody(
            @NotNull(message = "is required") @Valid MoneyBody amount) {}

    record BalanceBody(MoneyBody balance) {}

    @PostMapping("/{userId}/deposits")
    @Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "userId")
    @Operation(summary = "Deposit money", description = "The account holder or an ADMIN; 200 with the new balance.")
    ResponseEntity<BalanceBody> deposit(
            @PathVariable UUID userId, @Valid @RequestBody DepositBody body, Caller caller) {
        if (!caller.isSelfOrAdmin(userId)) {
            throw new NotFoundException("No account " + userId);
        }
        UserId holder = new UserId(userId);
        commands.sendAndWait(new DepositMoney(holder, body.amount().toMoney()));
        AccountId accountId = AccountId.of(holder);
        // Usually the newest event is this deposit: balance, position and version in one query.
        return events.newestIf(accountId.toString(), MoneyDeposited.class)
                .map(newest -> responses.ok(
                        newest.head(),
                        new BalanceBody(MoneyBody.of(newest.payload().balance()))))
                .orElseGet(
                        () -> responses.ok(accountId.toString(), new BalanceBody(MoneyBody.of(balanceOf(accountId)))));
    }

    private Money balanceOf(AccountId accountId) {
        return events.latest(accountId.toString(), MoneyDeposited.class)
                .map(MoneyDeposited::balance)
                .orElseThrow(() -> new IllegalStateException("A deposit was accepted but its event is missing"));
    }
}
