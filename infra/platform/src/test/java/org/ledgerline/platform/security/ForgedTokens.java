package org.ledgerline.platform.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.ledgerline.http.TokenIssuer;
import org.springframework.security.oauth2.jose.jws.JwsAlgorithm;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Tokens an attacker can make, each claiming as much as possible (the victim's subject, roles CUSTOMER and ADMIN):
 * expired, unsigned ({@code alg: none}), signed by another key, with a kid the platform does not know, or a real
 * token edited by hand. Nothing here depends on how the platform's key is configured: the valid tokens come from
 * the platform's {@link TokenIssuer}, the expired one from its {@link JwtEncoder} with the algorithm and key id its
 * own tokens carry, so the same forgeries run against an HS256 and an RS256 (JWKS, kid) platform alike.
 */
final class ForgedTokens {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A forged token and what it tries. */
    record Forgery(String name, String token) {}

    private ForgedTokens() {}

    /**
     * Every forgery against {@code victim} ({@code victimToken} is a real CUSTOMER token of theirs; {@code other} is
     * another customer, whose subject an edited token tries to take).
     */
    static List<Forgery> against(UUID victim, String victimToken, UUID other, TokenIssuer issuer, JwtEncoder encoder) {
        JsonNode header = part(victimToken, 0);
        ObjectNode claims = (ObjectNode) part(victimToken, 1);
        String alg = header.path("alg").asString();
        String kid = header.hasNonNull("kid") ? header.path("kid").asString() : null;
        ObjectNode mighty = claims.deepCopy();
        mighty.set("roles", JSON.valueToTree(List.of("CUSTOMER", "ADMIN")));
        mighty.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());

        List<Forgery> forgeries = new java.util.ArrayList<>();
        forgeries.add(new Forgery(
                "expired (the platform's own key, exp an hour ago)", expired(victim, claims, alg, kid, encoder)));
        forgeries.add(new Forgery(
                "alg none, forged ADMIN claims, empty signature",
                unsigned("{\"alg\":\"none\"}", encode(json(mighty)), "")));
        forgeries.add(new Forgery(
                "alg none, the original payload, empty signature",
                unsigned("{\"alg\":\"none\"}", segment(victimToken, 1), "")));
        forgeries.add(new Forgery(
                "alg none, the original payload and signature",
                unsigned("{\"alg\":\"none\",\"typ\":\"JWT\"}", segment(victimToken, 1), segment(victimToken, 2))));
        forgeries.add(new Forgery(
                "alg None (capitalised), the original payload, empty signature",
                unsigned("{\"alg\":\"None\"}", segment(victimToken, 1), "")));
        forgeries.add(new Forgery("HS256 with a random 48-byte secret", hs256(mighty, randomBytes(48), null)));
        forgeries.add(new Forgery(
                "HS256 with a random secret and the platform's kid",
                hs256(mighty, randomBytes(32), kid == null ? "ledgerline" : kid)));
        forgeries.add(new Forgery("RS256 with a fresh RSA key", rs256(mighty, null)));
        forgeries.add(new Forgery(
                "RS256 with a fresh RSA key and an unknown kid", rs256(mighty, "unknown-" + UUID.randomUUID())));
        if (kid != null) {
            forgeries.add(new Forgery("RS256 with a fresh RSA key and the platform's kid", rs256(mighty, kid)));
        }
        ObjectNode admin = claims.deepCopy();
        admin.set("roles", JSON.valueToTree(List.of("ADMIN")));
        forgeries.add(new Forgery(
                "a real CUSTOMER token, roles edited to [ADMIN], signature kept",
                segment(victimToken, 0) + "." + encode(json(admin)) + "." + segment(victimToken, 2)));
        forgeries.add(new Forgery(
                "a real CUSTOMER token, roles edited to [CUSTOMER, ADMIN], signature kept",
                edited(victimToken, mighty)));
        ObjectNode someoneElse = claims.deepCopy();
        someoneElse.put("sub", other.toString());
        forgeries.add(new Forgery(
                "a real CUSTOMER token, sub edited to another customer, signature kept",
                edited(victimToken, someoneElse)));
        String expired = expired(victim, claims, alg, kid, encoder);
        ObjectNode revived = (ObjectNode) part(expired, 1);
        revived.put("exp", Instant.now().plusSeconds(3600).getEpochSecond());
        forgeries.add(
                new Forgery("an expired token, exp edited to the future, signature kept", edited(expired, revived)));
        String otherAlg = alg.startsWith("HS") ? "RS256" : "HS256";
        forgeries.add(new Forgery(
                "a real token, header alg edited to " + otherAlg + ", signature kept",
                encode(json(((ObjectNode) header.deepCopy()).put("alg", otherAlg))) + "." + segment(victimToken, 1)
                        + "." + segment(victimToken, 2)));
        forgeries.add(new Forgery(
                "a real token without its signature", segment(victimToken, 0) + "." + segment(victimToken, 1) + "."));
        return forgeries;
    }

    /** Signed by the platform's own encoder with the algorithm and kid of its tokens, but expired an hour ago. */
    private static String expired(UUID subject, JsonNode claims, String alg, String kid, JwtEncoder encoder) {
        JwsAlgorithm algorithm = alg.startsWith("HS") ? MacAlgorithm.from(alg) : SignatureAlgorithm.from(alg);
        JwsHeader.Builder header = JwsHeader.with(algorithm);
        if (kid != null) {
            header.keyId(kid);
        }
        Instant now = Instant.now();
        JwtClaimsSet.Builder expired = JwtClaimsSet.builder()
                .subject(subject.toString())
                .issuedAt(now.minusSeconds(7200))
                .expiresAt(now.minusSeconds(3600))
                .claim("roles", List.of("CUSTOMER", "ADMIN"));
        if (claims.hasNonNull("iss")) {
            expired.issuer(claims.path("iss").asString());
        }
        return encoder.encode(JwtEncoderParameters.from(header.build(), expired.build()))
                .getTokenValue();
    }

    private static String hs256(JsonNode claims, byte[] secret, String kid) {
        try {
            return sign(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims, new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rs256(JsonNode claims, String kid) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                    claims,
                    new RSASSASigner(generator.generateKeyPair().getPrivate()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sign(JWSHeader header, JsonNode claims, JWSSigner signer) {
        try {
            JWSObject jws = new JWSObject(header, new Payload(json(claims)));
            jws.sign(signer);
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String unsigned(String header, String payloadSegment, String signature) {
        return encode(header) + "." + payloadSegment + "." + signature;
    }

    /** {@code token}'s header and signature around another payload. */
    private static String edited(String token, JsonNode payload) {
        return segment(token, 0) + "." + encode(json(payload)) + "." + segment(token, 2);
    }

    static JsonNode part(String token, int index) {
        return JSON.readTree(new String(B64D.decode(segment(token, index)), StandardCharsets.UTF_8));
    }

    private static String segment(String token, int index) {
        String[] parts = token.split("\\.", -1);
        return parts[index];
    }

    private static String json(JsonNode node) {
        return JSON.writeValueAsString(node);
    }

    private static String encode(String text) {
        return B64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    /** The platform's own algorithm of {@code token}, for the report. */
    static String algorithmOf(String token) {
        return part(token, 0).path("alg").asString();
    }
}
