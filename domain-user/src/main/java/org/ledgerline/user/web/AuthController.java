package org.ledgerline.user.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.ledgerline.http.Access;
import org.ledgerline.http.MaxUtf8Bytes;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.user.api.Role;
import org.ledgerline.user.api.UserLogin;
import org.ledgerline.user.api.UserLogins;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Exchanges e-mail and password for a bearer token. */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Auth")
class AuthController {

    /** Compared against when the e-mail is unknown, so both failures take the same time. */
    private static final String DUMMY_HASH = "$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z9nFv1JUHqY6v7r6ZyXbrrHe";

    private final UserLogins logins;
    private final PasswordEncoder passwords;
    private final TokenIssuer tokens;

    AuthController(UserLogins logins, PasswordEncoder passwords, TokenIssuer tokens) {
        this.logins = logins;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    // The limits of sign-up: no stored login has a longer e-mail or password, and BCrypt refuses more than 72 bytes.
    record TokenRequest(
            @NotBlank(message = "is required") @Size(max = 320, message = "is at most 320 characters") String email,

            @NotBlank(message = "is required") @MaxUtf8Bytes(72)
            String password) {

        @Override
        public String toString() {
            return "TokenRequest[]";
        }
    }

    record TokenResponse(String accessToken, String tokenType, long expiresIn, UUID userId) {}

    @PostMapping("/token")
    @Access(Access.Rule.PUBLIC)
    @Operation(summary = "Get an access token", description = "Public. Wrong credentials are 401.")
    TokenResponse token(@Valid @RequestBody TokenRequest request) {
        Optional<UserLogin> login = logins.byEmail(request.email());
        boolean matches = passwords.matches(
                request.password(), login.map(UserLogin::passwordHash).orElse(DUMMY_HASH));
        if (login.isEmpty() || !matches || !login.get().active()) {
            throw new BadCredentialsException("Wrong e-mail or password");
        }
        TokenIssuer.IssuedToken token = tokens.issue(
                login.get().userId().value(),
                login.get().roles().stream().map(Role::name).collect(Collectors.toSet()));
        return new TokenResponse(
                token.accessToken(),
                "Bearer",
                token.expiresIn().toSeconds(),
                login.get().userId().value());
    }

    @ExceptionHandler(BadCredentialsException.class)
    ResponseEntity<org.springframework.http.ProblemDetail> wrongCredentials(BadCredentialsException e) {
        org.springframework.http.ProblemDetail problem =
                org.springframework.http.ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, e.getMessage());
        problem.setTitle("Wrong credentials");
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(problem);
    }
}
