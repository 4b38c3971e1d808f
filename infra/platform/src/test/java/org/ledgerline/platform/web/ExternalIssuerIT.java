package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * An external OpenID Connect issuer beside the platform's own tokens, instead of the platform's sign-in. The test is
 * the identity provider: its own RSA key, its JWKS and discovery document served by a JDK HTTP server. A
 * Keycloak-shaped token ({@code realm_access.roles}, a non-UUID {@code sub}) is mapped to the platform's roles and
 * accepted; a token in the issuer's name signed by another key, or naming another issuer, is refused; with
 * {@code local-sign-in=false} {@code POST /api/v1/auth/token} answers 404 problem+json.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "ledgerline.admin.email=",
            "ledgerline.security.local-sign-in=false",
            "ledgerline.security.external.role-mapping=ledgerline-admin=ADMIN,ledgerline-user=CUSTOMER"
        })
class ExternalIssuerIT {

    private static final KeyPair IDP_KEY = TestKeys.rsa();
    private static final String IDP_KID = "idp-key-1";
    private static final HttpServer IDP = identityProvider();
    private static final String ISSUER = "http://127.0.0.1:" + IDP.getAddress().getPort() + "/realms/ledgerline";
    private static final String ADMIN_ONLY = "/api/v1/admin/processors";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.security.external.issuer-uri", () -> ISSUER);
    }

    @AfterAll
    static void stopIdentityProvider() {
        IDP.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Test
    void a_keycloak_admin_token_is_accepted_on_an_admin_endpoint_and_the_caller_is_a_stable_uuid() throws Exception {
        ApiClient api = new ApiClient(port, tokens);
        String token = keycloakToken("alice", List.of("ledgerline-admin", "offline_access"), ISSUER);

        HttpResponse<String> answer = api.get(ADMIN_ONLY, token);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(ExternalIdentity.userId(ISSUER, "alice"))
                .isEqualTo(UUID.nameUUIDFromBytes((ISSUER + "|alice").getBytes(StandardCharsets.UTF_8)));
        // a customer endpoint sees the derived id as the caller
        assertThat(api.get("/api/v1/orders", keycloakToken("bob", List.of("ledgerline-user"), ISSUER))
                        .statusCode())
                .isEqualTo(200);
        // mapped to CUSTOMER only: not an ADMIN
        assertThat(api.get(ADMIN_ONLY, keycloakToken("bob", List.of("ledgerline-user"), ISSUER))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void a_token_in_the_issuers_name_signed_by_another_key_is_refused() throws Exception {
        KeyPair other = TestKeys.rsa();
        String forged = TestKeys.rs256(other, IDP_KID, keycloakClaims("mallory", List.of("ledgerline-admin"), ISSUER));
        assertRefused(new ApiClient(port, tokens), forged);
    }

    @Test
    void a_token_naming_another_issuer_is_refused() throws Exception {
        assertRefused(
                new ApiClient(port, tokens), keycloakToken("alice", List.of("ledgerline-admin"), ISSUER + "-other"));
        assertRefused(new ApiClient(port, tokens), keycloakToken("alice", List.of("ledgerline-admin"), "ledgerline"));
    }

    @Test
    void the_platforms_sign_in_is_off_and_its_own_tokens_still_verify_beside_the_providers() {
        ApiClient api = new ApiClient(port, tokens);
        HttpResponse<String> signIn = api.post(
                "/api/v1/auth/token", null, "{\"email\":\"someone@example.com\",\"password\":\"whatever-1234\"}");
        assertThat(signIn.statusCode()).as(signIn.body()).isEqualTo(404);
        assertThat(signIn.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(signIn.body()).contains("identity provider");

        assertThat(api.get(ADMIN_ONLY, api.adminToken()).statusCode()).isEqualTo(200);
    }

    private static void assertRefused(ApiClient api, String token) {
        HttpResponse<String> answer = api.get(ADMIN_ONLY, token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private static String keycloakToken(String subject, List<String> roles, String issuer) throws Exception {
        return TestKeys.rs256(IDP_KEY, IDP_KID, keycloakClaims(subject, roles, issuer));
    }

    private static JWTClaimsSet keycloakClaims(String subject, List<String> roles, String issuer) {
        return TestKeys.claims(issuer, subject, null)
                .claim("roles", null)
                .claim("realm_access", Map.of("roles", roles))
                .claim("preferred_username", subject)
                .build();
    }

    private static HttpServer identityProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String base = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/ledgerline";
            String jwks = new JWKSet(new RSAKey.Builder((RSAPublicKey) IDP_KEY.getPublic())
                            .keyID(IDP_KID)
                            .build())
                    .toString(true);
            String discovery = "{\"issuer\":\"" + base + "\",\"jwks_uri\":\"" + base
                    + "/protocol/openid-connect/certs\",\"id_token_signing_alg_values_supported\":[\"RS256\"]}";
            serve(server, "/realms/ledgerline/.well-known/openid-configuration", discovery);
            serve(server, "/realms/ledgerline/protocol/openid-connect/certs", jwks);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serve(HttpServer server, String path, String json) {
        server.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
