package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class IssuerRoutingDecoderTest {

    private static final String EXTERNAL = "https://sso.example.com/realms/ledgerline";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void a_token_naming_the_external_issuer_goes_to_its_decoder_every_other_to_the_platforms() {
        JwtDecoder local = token -> jwt("ledgerline");
        JwtDecoder external = token -> jwt(EXTERNAL);
        IssuerRoutingDecoder decoder = new IssuerRoutingDecoder(local, EXTERNAL, external, meters);

        assertThat(decoder.decode(TestKeys.none(TestKeys.adminClaims(EXTERNAL))).getClaimAsString("iss"))
                .isEqualTo(EXTERNAL);
        assertThat(decoder.decode(TestKeys.none(TestKeys.adminClaims("anyone"))).getClaimAsString("iss"))
                .isEqualTo("ledgerline");
        assertThat(meters.get("ledgerline.tokens.verified")
                        .tag("issuer", "external")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void a_provider_that_cannot_be_reached_is_a_refused_token_not_a_server_error() {
        JwtDecoder down = token -> {
            throw new JwtException("Couldn't retrieve remote JWK set: Connection refused");
        };
        IssuerRoutingDecoder decoder = new IssuerRoutingDecoder(token -> jwt("ledgerline"), EXTERNAL, down, meters);

        assertThatThrownBy(() -> decoder.decode(TestKeys.none(TestKeys.adminClaims(EXTERNAL))))
                .isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> decoder.decode("not-a-jwt")).isInstanceOf(BadJwtException.class);
        assertThat(meters.get("ledgerline.tokens.refused")
                        .tag("issuer", "external")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    private static Jwt jwt(String issuer) {
        return Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .claim("iss", issuer)
                .issuedAt(Instant.now())
                .build();
    }
}
