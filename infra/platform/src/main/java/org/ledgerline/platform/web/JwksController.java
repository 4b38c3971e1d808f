package org.ledgerline.platform.web;

import io.swagger.v3.oas.annotations.Hidden;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /.well-known/jwks.json}: the public keys that verify the platform's tokens (the signing key and the
 * previous keys of a rotation), public and cacheable for five minutes. Empty with an HS256 secret, which is never
 * published. Kept out of the API document: it is the standard JWKS document, not part of the API.
 */
@Hidden
@RestController
class JwksController {

    static final String PATH = "/.well-known/jwks.json";

    private final Map<String, Object> jwks;

    JwksController(TokenKeys keys) {
        this.jwks = keys.verificationKeys().toJSONObject(true);
    }

    @GetMapping(
            path = PATH,
            produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    ResponseEntity<Map<String, Object>> jwks() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
                .body(jwks);
    }
}
