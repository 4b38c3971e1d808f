package org.ledgerline.platform.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** RSA key pairs, PEM and hand-signed tokens for the key tests (Nimbus, as another service or an attacker would). */
final class TestKeys {

    private TestKeys() {}

    static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String privatePem(KeyPair pair) {
        return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
    }

    static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    static Path write(Path directory, String name, String content) throws Exception {
        Files.createDirectories(directory);
        return Files.writeString(directory.resolve(name), content);
    }

    /** The RFC 7638 thumbprint, as the platform's kid. */
    static String kid(KeyPair pair) throws JOSEException {
        return new RSAKey.Builder((RSAPublicKey) pair.getPublic())
                .build()
                .computeThumbprint()
                .toString();
    }

    static JWTClaimsSet.Builder claims(String issuer, String subject, Object roles) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("roles", roles);
    }

    static JWTClaimsSet adminClaims(String issuer) {
        return claims(issuer, UUID.randomUUID().toString(), List.of("ADMIN", "CUSTOMER"))
                .build();
    }

    static String rs256(KeyPair pair, String kid, JWTClaimsSet claims) throws JOSEException {
        return sign(
                new RSASSASigner((RSAPrivateKey) pair.getPrivate()),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                claims);
    }

    static String hs256(byte[] secret, JWTClaimsSet claims) throws JOSEException {
        return sign(new MACSigner(secret), new JWSHeader(JWSAlgorithm.HS256), claims);
    }

    /** An unsigned token ({@code alg: none}). */
    static String none(JWTClaimsSet claims) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + ".";
    }

    static Map<String, Object> header(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().toJSONObject();
    }

    private static String sign(JWSSigner signer, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.UTF_8))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
