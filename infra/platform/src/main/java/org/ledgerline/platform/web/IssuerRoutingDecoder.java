package org.ledgerline.platform.web;

import com.nimbusds.jwt.JWTParser;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.text.ParseException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Tokens of the platform and of an external identity provider, side by side: a token whose (not yet trusted)
 * {@code iss} names the external issuer goes to that issuer's decoder, every other token to the platform's. Each
 * decoder then checks the signature with its own keys and the issuer again, so the routing grants nothing. Counts
 * verified and refused tokens per issuer ({@code ledgerline.tokens.verified}, {@code ledgerline.tokens.refused}).
 */
final class IssuerRoutingDecoder implements JwtDecoder {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IssuerRoutingDecoder.class);

    private final JwtDecoder local;
    private final String externalIssuer;
    private final JwtDecoder external;
    private final Counter localVerified;
    private final Counter localRefused;
    private final Counter externalVerified;
    private final Counter externalRefused;

    IssuerRoutingDecoder(JwtDecoder local, String externalIssuer, JwtDecoder external, MeterRegistry meters) {
        this.local = local;
        this.externalIssuer = external == null ? null : externalIssuer;
        this.external = external;
        this.localVerified = counter(meters, "ledgerline.tokens.verified", "platform");
        this.localRefused = counter(meters, "ledgerline.tokens.refused", "platform");
        this.externalVerified = counter(meters, "ledgerline.tokens.verified", "external");
        this.externalRefused = counter(meters, "ledgerline.tokens.refused", "external");
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        boolean isExternal = externalIssuer != null && externalIssuer.equals(unverifiedIssuer(token));
        try {
            Jwt jwt = (isExternal ? external : local).decode(token);
            (isExternal ? externalVerified : localVerified).increment();
            return jwt;
        } catch (BadJwtException e) {
            (isExternal ? externalRefused : localRefused).increment();
            throw e;
        } catch (RuntimeException e) {
            // Not the token's fault: e.g. the provider's discovery document or JWK set cannot be fetched. Still a 401
            // (problem+json) for the caller, never a 500; the operator sees why in the log.
            (isExternal ? externalRefused : localRefused).increment();
            log.warn(
                    "A bearer token could not be verified ({} issuer): {}",
                    isExternal ? "external" : "platform",
                    e.getMessage());
            throw new BadJwtException("The token cannot be verified now", e);
        }
    }

    private static String unverifiedIssuer(String token) {
        try {
            Object issuer = JWTParser.parse(token).getJWTClaimsSet().getClaim("iss");
            return issuer instanceof String name ? name : null;
        } catch (ParseException | RuntimeException e) {
            throw new BadJwtException("The token is not a JWT");
        }
    }

    private static Counter counter(MeterRegistry meters, String name, String issuer) {
        return Counter.builder(name)
                .description("Bearer tokens checked (cache misses), by issuer")
                .tag("issuer", issuer)
                .register(meters);
    }
}
