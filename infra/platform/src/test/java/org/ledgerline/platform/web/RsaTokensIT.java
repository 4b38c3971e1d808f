package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.ledgerline.eventstore.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Production tokens: RS256 with a configured key pair; a token signed with the development secret is refused. */
@LedgerlineIntegrationTest(kafka = true, webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=")
class RsaTokensIT {

    @DynamicPropertySource
    static void keys(DynamicPropertyRegistry registry) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path dir = Files.createTempDirectory("ledgerline-keys-");
        Path publicKey = dir.resolve("jwt.pub");
        Path privateKey = dir.resolve("jwt.key");
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        registry.add("ledgerline.security.rsa-public-key", () -> "file:" + publicKey);
        registry.add("ledgerline.security.rsa-private-key", () -> "file:" + privateKey);
    }

    @LocalServerPort
    int port;
    @Autowired
    TokenIssuer tokens;

    @Test
    void tokens_are_rs256_and_an_hs256_token_is_refused() {
        String token = tokens.issue(UUID.randomUUID(), java.util.Set.of("CUSTOMER")).accessToken();
        String header = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))),
                                   StandardCharsets.UTF_8);
        assertThat(header).contains("\"alg\":\"RS256\"");

        ApiClient api = new ApiClient(port, tokens);
        assertThat(api.get("/api/v1/orders", token).statusCode()).isEqualTo(200);

        var devSecret = new org.springframework.security.oauth2.jwt.NimbusJwtEncoder(
                new com.nimbusds.jose.jwk.source.ImmutableSecret<>(new javax.crypto.spec.SecretKeySpec(
                        SecurityProperties.DEV_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        String forged = devSecret.encode(org.springframework.security.oauth2.jwt.JwtEncoderParameters.from(
                org.springframework.security.oauth2.jwt.JwsHeader.with(
                        org.springframework.security.oauth2.jose.jws.MacAlgorithm.HS256).build(),
                org.springframework.security.oauth2.jwt.JwtClaimsSet.builder()
                        .subject(UUID.randomUUID().toString()).claim("roles", java.util.List.of("ADMIN"))
                        .expiresAt(java.time.Instant.now().plusSeconds(60)).build())).getTokenValue();
        assertThat(api.get("/api/v1/orders", forged).statusCode()).isEqualTo(401);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
