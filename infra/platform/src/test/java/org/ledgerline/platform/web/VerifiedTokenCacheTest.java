package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

    private final AtomicInteger fullChecks = new AtomicInteger();

    @Test
    void a_verified_token_is_checked_in_full_once_then_only_for_its_time() {
        VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
            fullChecks.incrementAndGet();
            return jwt(token, Instant.now().plusSeconds(3600));
        });
        Jwt first = cache.decode("good");
        assertThat(cache.decode("good")).isSameAs(first);
        assertThat(fullChecks).hasValue(1);
    }

    @Test
    void a_remembered_token_that_expired_is_refused() {
        VerifiedTokenCache cache =
                new VerifiedTokenCache(token -> jwt(token, Instant.now().minusSeconds(600)));
        cache.decode("soon-old"); // the delegate's own validation is not modelled here: it accepted it
        assertThatThrownBy(() -> cache.decode("soon-old")).isInstanceOf(JwtValidationException.class);
    }

    @Test
    void a_refused_token_is_never_remembered() {
        VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
            fullChecks.incrementAndGet();
            throw new BadJwtException("bad signature");
        });
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> cache.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).hasValue(2);
    }

    private static Jwt jwt(String token, Instant expiresAt) {
        return Jwt.withTokenValue(token)
                .header("alg", "HS256")
                .subject("someone")
                .issuedAt(expiresAt.minusSeconds(3600))
                .expiresAt(expiresAt)
                .build();
    }
}
