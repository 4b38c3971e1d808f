package org.ledgerline.user.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.CommandResponses;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.http.IfMatch;
import org.ledgerline.http.MaxUtf8Bytes;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.user.api.ChangeUserProfile;
import org.ledgerline.user.api.GrantRole;
import org.ledgerline.user.api.RegisterUser;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserId;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Sign-up (public), profile changes (self or ADMIN) and role grants (ADMIN). */
@RestController
@RequestMapping("/api/v1/users")
@Tag(name = "Users")
class UserController {

    private final CommandGateway commands;
    private final CommandResponses responses;
    private final PasswordEncoder passwords;

    UserController(CommandGateway commands, CommandResponses responses, PasswordEncoder passwords) {
        this.commands = commands;
        this.responses = responses;
        this.passwords = passwords;
    }

    record SignUpBody(
            @NotBlank(message = "is required") @Email(message = "must be an e-mail address") @Size(max = 320, message = "is at most 320 characters") String email,

            @NotBlank(message = "is required") @Size(max = 100, message = "is at most 100 characters") String name,

            @NotNull(message = "is required") @Size(min = 8, max = 72, message = "must be 8 to 72 characters") @MaxUtf8Bytes(72)
            String password) {

        @Override
        public String toString() {
            return "SignUpBody[name=" + name + "]"; // never the e-mail or the password
        }
    }

    record UserCreatedBody(UUID userId) {}

    record ProfileBody(
            @NotBlank(message = "is required") @Size(max = 100, message = "is at most 100 characters") String name) {}

    record RoleBody(
            @NotNull(message = "is required (CUSTOMER or ADMIN)")
            Role role) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Access.Rule.PUBLIC)
    @Operation(summary = "Sign up", description = "Public. 201 with the new user id; an e-mail already used is 409.")
    ResponseEntity<UserCreatedBody> signUp(@Valid @RequestBody SignUpBody body) {
        UserId id = new UserId(UUID.randomUUID());
        commands.sendAndWait(new RegisterUser(id, body.email(), body.name(), passwords.encode(body.password())));
        return responses.created(id.toString(), URI.create("/api/v1/users/" + id), new UserCreatedBody(id.value()));
    }

    @PostMapping("/{userId}/profile")
    @Access(value = Access.Rule.OWNER_OR_ADMIN, owner = "userId")
    @Operation(summary = "Change a user's profile", description = "The user or an ADMIN. Optional If-Match.")
    ResponseEntity<Void> changeProfile(
            @PathVariable UUID userId,
            @Valid @RequestBody ProfileBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            Caller caller) {
        if (!caller.isSelfOrAdmin(userId)) {
            throw new NotFoundException("No user " + userId); // no existence leak to other customers
        }
        commands.sendAndWait(new ChangeUserProfile(new UserId(userId), body.name(), IfMatch.expectedVersion(ifMatch)));
        return responses.ok(userId.toString(), null);
    }

    @PostMapping("/{userId}/roles")
    @Access(Access.Rule.ADMIN)
    @Operation(summary = "Grant a role", description = "ADMIN only. Optional If-Match.")
    ResponseEntity<Void> grantRole(
            @PathVariable UUID userId,
            @Valid @RequestBody RoleBody body,
            @RequestHeader(value = "If-Match", required = false) String ifMatch,
            Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an ADMIN may grant roles");
        }
        commands.sendAndWait(new GrantRole(new UserId(userId), body.role(), IfMatch.expectedVersion(ifMatch)));
        return responses.ok(userId.toString(), null);
    }
}
