package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * RS256 with a configured key pair: tokens carry the key's RFC 7638 thumbprint as kid, the public JWKS lists it and
 * verifies them (as another service would, with Nimbus), the issuer is checked, alg none and an HS256 token keyed with
 * the public key are refused; a rotation keeps old tokens valid while the old public key is listed as previous, and
 * refuses them once it is removed.
 */
class Rs256RotationIT {

    private static final String ORDERS = "/api/v1/orders";

    @Test
    void tokens_carry_a_kid_verify_with_the_jwks_and_survive_a_rotation_until_the_old_key_is_removed()
            throws Exception {
        String database = TestInfrastructure.newDatabase("rs256_rotation");
        Path data = PlatformStarts.dataDirectory("rs256-rotation");
        KeyPair oldKey = TestKeys.rsa();
        KeyPair newKey = TestKeys.rsa();
        Path oldPrivate = TestKeys.write(data, "old.key", TestKeys.privatePem(oldKey));
        Path newPrivate = TestKeys.write(data, "new.key", TestKeys.privatePem(newKey));

        String oldToken;
        try (ConfigurableApplicationContext platform = PlatformStarts.start(
                database, data, Map.of("ledgerline.security.rsa-private-key", "file:" + oldPrivate))) {
            ApiClient api = new ApiClient(PlatformStarts.port(platform), null);
            oldToken = issue(platform);
            assertThat(TestKeys.header(oldToken))
                    .containsEntry("alg", "RS256")
                    .containsEntry("kid", TestKeys.kid(oldKey));
            assertThat(api.get(ORDERS, oldToken).statusCode()).isEqualTo(200);

            HttpResponse<String> jwks = api.get(JwksController.PATH, null);
            assertThat(jwks.statusCode()).isEqualTo(200);
            assertThat(jwks.headers().firstValue("Cache-Control"))
                    .hasValueSatisfying(
                            value -> assertThat(value).contains("public").contains("max-age"));
            JWKSet published = JWKSet.parse(jwks.body());
            assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly(TestKeys.kid(oldKey));
            assertThat(published.getKeys()).noneMatch(JWK::isPrivate);
            var verifier = new DefaultJWTProcessor<SecurityContext>();
            verifier.setJWSKeySelector(
                    new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, new ImmutableJWKSet<>(published)));
            assertThat(verifier.process(oldToken, null).getSubject()).isNotBlank();

            // Not the platform's issuer; unsigned; HS256 keyed with the public key (algorithm confusion).
            assertRefused(api, TestKeys.rs256(oldKey, TestKeys.kid(oldKey), TestKeys.adminClaims("someone-else")));
            assertRefused(api, TestKeys.none(TestKeys.adminClaims("ledgerline")));
            String publicPem = TestKeys.publicPem(oldKey);
            assertRefused(
                    api,
                    TestKeys.hs256(publicPem.getBytes(StandardCharsets.US_ASCII), TestKeys.adminClaims("ledgerline")));
            assertRefused(api, TestKeys.hs256(oldKey.getPublic().getEncoded(), TestKeys.adminClaims("ledgerline")));
        }

        try (ConfigurableApplicationContext platform = PlatformStarts.start(
                database,
                data,
                Map.of(
                        "ledgerline.security.rsa-private-key",
                        "file:" + newPrivate,
                        "ledgerline.security.previous-public-keys",
                        TestKeys.publicPem(oldKey)))) {
            ApiClient api = new ApiClient(PlatformStarts.port(platform), null);
            assertThat(api.get(ORDERS, oldToken).statusCode())
                    .as("old token during the rotation")
                    .isEqualTo(200);
            String newToken = issue(platform);
            assertThat(TestKeys.header(newToken)).containsEntry("kid", TestKeys.kid(newKey));
            assertThat(api.get(ORDERS, newToken).statusCode()).isEqualTo(200);
            assertThat(JWKSet.parse(api.get(JwksController.PATH, null).body()).getKeys())
                    .extracting(JWK::getKeyID)
                    .containsExactly(TestKeys.kid(newKey), TestKeys.kid(oldKey));
        }

        try (ConfigurableApplicationContext platform = PlatformStarts.start(
                database, data, Map.of("ledgerline.security.rsa-private-key", "file:" + newPrivate))) {
            ApiClient api = new ApiClient(PlatformStarts.port(platform), null);
            HttpResponse<String> old = api.get(ORDERS, oldToken);
            assertThat(old.statusCode())
                    .as("old token after the old key is removed")
                    .isEqualTo(401);
            assertThat(old.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(api.get(ORDERS, issue(platform)).statusCode()).isEqualTo(200);
        }
    }

    private static String issue(ConfigurableApplicationContext platform) {
        return platform.getBean(TokenIssuer.class)
                .issue(UUID.randomUUID(), Set.of("CUSTOMER"))
                .accessToken();
    }

    private static void assertRefused(ApiClient api, String token) {
        HttpResponse<String> answer = api.get("/api/v1/admin/processors", token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }
}
