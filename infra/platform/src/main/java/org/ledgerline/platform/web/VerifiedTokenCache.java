package org.ledgerline.platform.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens that passed the full check (signature, claims) for a few minutes, so a client sending the same
 * token with every command is not parsed, verified and converted again each time (~6% of a command's CPU). The
 * signature of a given token string cannot change; what can is time, so a remembered token is checked for expiry
 * (and not-before) on every use, as the full decoder does. Refused tokens are never remembered.
 */
final class VerifiedTokenCache implements JwtDecoder {

    static final Duration REMEMBER_FOR = Duration.ofMinutes(5);
    static final long MAX_TOKENS = 10_000;

    private final JwtDecoder decoder;
    private final OAuth2TokenValidator<Jwt> timestamps = new JwtTimestampValidator();
    private final Cache<String, Jwt> verified = Caffeine.newBuilder()
            .maximumSize(MAX_TOKENS)
            .expireAfterWrite(REMEMBER_FOR)
            .build();

    VerifiedTokenCache(JwtDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = decoder.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = timestamps.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException("The token has expired or is not valid yet", result.getErrors());
        }
        return known;
    }
}
