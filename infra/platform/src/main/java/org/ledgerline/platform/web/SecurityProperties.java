package org.ledgerline.platform.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code ledgerline.security.*}. There is no signing key in the source: the platform signs with a configured RSA key
 * pair, else a configured HS256 secret, else (development) an RSA key pair it generates once in its data directory.
 * See docs/security.md.
 *
 * @param jwtSecret          HS256 signing key for access tokens, at least 32 bytes (env {@code LEDGERLINE_JWT_SECRET})
 * @param tokenTtl           how long an access token lives
 * @param issuer             the tokens' {@code iss}, checked on every token the platform verifies as its own
 * @param rsaPublicKey       PEM public key (inline PEM or a resource location such as {@code file:/etc/jwt.pub});
 *                           optional: derived from the private key when unset
 * @param rsaPrivateKey      PEM private key (PKCS#8, inline or a location) that signs tokens RS256
 * @param previousPublicKeys PEM public keys (inline, or comma-separated locations) that still verify tokens during a
 *                           key rotation; listed in the JWKS
 * @param localSignIn        whether {@code POST /api/v1/auth/token} signs users in (false: an identity provider does)
 * @param external           an external OpenID Connect issuer whose tokens are accepted beside the platform's own
 */
@ConfigurationProperties("ledgerline.security")
public record SecurityProperties(
        String jwtSecret,
        Duration tokenTtl,
        String issuer,
        String rsaPublicKey,
        String rsaPrivateKey,
        String previousPublicKeys,
        Boolean localSignIn,
        External external) {

    public SecurityProperties {
        jwtSecret = blankToNull(jwtSecret);
        rsaPublicKey = blankToNull(rsaPublicKey);
        rsaPrivateKey = blankToNull(rsaPrivateKey);
        previousPublicKeys = blankToNull(previousPublicKeys);
        tokenTtl = tokenTtl == null ? Duration.ofHours(1) : tokenTtl;
        issuer = issuer == null || issuer.isBlank() ? "ledgerline" : issuer;
        localSignIn = localSignIn == null || localSignIn;
        external = external == null ? new External(null, null, null, null, null) : external;
        if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException(
                    "ledgerline.security.jwt-secret (LEDGERLINE_JWT_SECRET) must be at " + "least 32 bytes for HS256");
        }
        if (rsaPublicKey != null && rsaPrivateKey == null) {
            throw new IllegalArgumentException("ledgerline.security.rsa-public-key (LEDGERLINE_JWT_PUBLIC_KEY) is set "
                    + "without the private key (LEDGERLINE_JWT_PRIVATE_KEY) that "
                    + "signs the tokens: set both, or only the private key");
        }
    }

    boolean usesRsa() {
        return rsaPrivateKey != null;
    }

    /**
     * {@code ledgerline.security.external.*}: an OpenID Connect identity provider (Keycloak, Entra ID, ...).
     *
     * @param issuer     the {@code iss} its tokens carry (default: {@code issuerUri})
     * @param issuerUri  the issuer; its {@code /.well-known/openid-configuration} names the JWK set (env
     *                   {@code LEDGERLINE_OIDC_ISSUER_URI})
     * @param jwkSetUri  the JWK set, without discovery (env {@code LEDGERLINE_OIDC_JWK_SET_URI}); needs {@code issuer}
     * @param rolesClaim where the roles are: a dotted path into nested claims (default {@code realm_access.roles},
     *                   Keycloak), or a flat claim such as {@code roles} or {@code groups}
     * @param roleMapping external role name to platform role, {@code name=ROLE} pairs separated by commas, e.g.
     *                    {@code ledgerline-admin=ADMIN,ledgerline-customer=CUSTOMER}; names ADMIN and CUSTOMER pass
     *                    through as they are, anything else unmapped is dropped
     */
    public record External(String issuerUri, String jwkSetUri, String issuer, String rolesClaim, String roleMapping) {

        public External {
            issuerUri = blankToNull(issuerUri);
            jwkSetUri = blankToNull(jwkSetUri);
            issuer = blankToNull(issuer) == null ? issuerUri : issuer;
            rolesClaim = blankToNull(rolesClaim) == null ? "realm_access.roles" : rolesClaim;
            if (jwkSetUri != null && issuer == null) {
                throw new IllegalArgumentException(
                        "ledgerline.security.external.jwk-set-uri (LEDGERLINE_OIDC_JWK_SET_URI) "
                                + "needs the issuer its tokens carry: set "
                                + "ledgerline.security.external.issuer "
                                + "(LEDGERLINE_OIDC_ISSUER) or use the issuer URI");
            }
            roles(roleMapping); // fails early on a malformed mapping
        }

        boolean enabled() {
            return issuerUri != null || jwkSetUri != null;
        }

        Map<String, String> roles() {
            return roles(roleMapping);
        }

        private static Map<String, String> roles(String mapping) {
            Map<String, String> roles = new LinkedHashMap<>();
            if (mapping == null || mapping.isBlank()) {
                return roles;
            }
            for (String pair : mapping.split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String role =
                        equals < 0 ? "" : pair.substring(equals + 1).trim().toUpperCase(Locale.ROOT);
                if (equals <= 0 || !(role.equals("ADMIN") || role.equals("CUSTOMER"))) {
                    throw new IllegalArgumentException("ledgerline.security.external.role-mapping "
                            + "(LEDGERLINE_OIDC_ROLE_MAPPING) takes name=ADMIN or "
                            + "name=CUSTOMER pairs separated by commas, not '"
                            + pair.trim() + "'");
                }
                roles.put(pair.substring(0, equals).trim(), role);
            }
            return roles;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
