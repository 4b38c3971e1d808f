package org.ledgerline.platform.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.security.*}.
 *
 * @param jwtSecret HS256 signing key for access tokens, at least 32 bytes (env {@code LEDGERLINE_JWT_SECRET})
 * @param tokenTtl  how long an access token lives
 * @param issuer    the tokens' {@code iss}
 * @param rsaPublicKey  PEM public key; with {@code rsaPrivateKey} tokens are RS256 (production), else HS256 with the
 *                      secret (development)
 * @param rsaPrivateKey PEM private key (PKCS#8) that signs tokens
 */
@ConfigurationProperties("ledgerline.security")
public record SecurityProperties(String jwtSecret, Duration tokenTtl, String issuer,
                                 org.springframework.core.io.Resource rsaPublicKey,
                                 org.springframework.core.io.Resource rsaPrivateKey) {

    static final String DEV_SECRET = "ledgerline-dev-only-secret-change-me-in-production-0001";

    public SecurityProperties {
        jwtSecret = jwtSecret == null || jwtSecret.isBlank() ? DEV_SECRET : jwtSecret;
        tokenTtl = tokenTtl == null ? Duration.ofHours(1) : tokenTtl;
        issuer = issuer == null || issuer.isBlank() ? "ledgerline" : issuer;
        if (jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("ledgerline.security.jwt-secret (LEDGERLINE_JWT_SECRET) must be at "
                                                       + "least 32 bytes for HS256");
        }
    }

    boolean usesRsa() {
        return rsaPublicKey != null && rsaPrivateKey != null;
    }

    boolean usesDevSecret() {
        return DEV_SECRET.equals(jwtSecret);
    }
}
