package org.ledgerline.platform.web;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * The platform's own token keys and where they come from, in this order: a configured RSA key pair
 * ({@code LEDGERLINE_JWT_PRIVATE_KEY}, RS256 with a {@code kid}), a configured HS256 secret
 * ({@code LEDGERLINE_JWT_SECRET}), otherwise an RSA key pair generated once in the data directory (development; see
 * {@link GeneratedSigningKey}). Previous public keys ({@code LEDGERLINE_JWT_PREVIOUS_PUBLIC_KEYS}) still verify during
 * a rotation. Holds key material: never log it, only {@link #describe()}.
 */
public final class TokenKeys {

    /** Where the signing key comes from. */
    public enum Source {
        CONFIGURED_RSA,
        CONFIGURED_HS256,
        GENERATED_RSA,
        EPHEMERAL_RSA
    }

    private static final Pattern PEM =
            Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final Source source;
    private final RSAKey signing;
    private final List<RSAKey> previous;
    private final SecretKey secret;
    private final String location;

    private TokenKeys(Source source, RSAKey signing, List<RSAKey> previous, SecretKey secret, String location) {
        this.source = source;
        this.signing = signing;
        this.previous = List.copyOf(previous);
        this.secret = secret;
        this.location = location;
    }

    /** The keys {@code properties} configure, or the generated development key under {@code dataDirectory}. */
    public static TokenKeys load(SecurityProperties properties, Path dataDirectory) {
        List<RSAKey> previous = previousKeys(properties.previousPublicKeys());
        if (properties.usesRsa()) {
            RSAPrivateKey privateKey = privateKey(read(properties.rsaPrivateKey(), "LEDGERLINE_JWT_PRIVATE_KEY"));
            RSAPublicKey publicKey = properties.rsaPublicKey() == null
                    ? derivePublic(privateKey)
                    : publicKey(read(properties.rsaPublicKey(), "LEDGERLINE_JWT_PUBLIC_KEY"));
            return new TokenKeys(Source.CONFIGURED_RSA, rsa(publicKey, privateKey), previous, null, null);
        }
        if (properties.jwtSecret() != null) {
            SecretKey key = new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
            return new TokenKeys(Source.CONFIGURED_HS256, null, previous, key, null);
        }
        if (!properties.localSignIn()) {
            // Nobody can obtain a platform token (sign-in is off): a key held in memory only, never written, so a
            // production node that trusts only an external provider needs neither a key setting nor a data directory.
            return new TokenKeys(Source.EPHEMERAL_RSA, ephemeral(), previous, null, null);
        }
        GeneratedSigningKey generated = GeneratedSigningKey.loadOrCreate(dataDirectory);
        RSAPrivateKey privateKey = privateKey(generated.pem());
        return new TokenKeys(
                Source.GENERATED_RSA,
                rsa(derivePublic(privateKey), privateKey),
                previous,
                null,
                generated.file().getParent().toString());
    }

    public Source source() {
        return source;
    }

    public boolean rsa() {
        return signing != null;
    }

    /** The signing key's id (RFC 7638 thumbprint), or null for HS256. */
    public String keyId() {
        return signing == null ? null : signing.getKeyID();
    }

    /** One line for logs and start-up summaries, without key material. */
    public String describe() {
        return switch (source) {
            case CONFIGURED_RSA -> "configured RSA key (kid " + keyId() + ")" + previousNote();
            case CONFIGURED_HS256 -> "configured HS256 secret" + previousNote();
            case GENERATED_RSA ->
                "generated RSA key in " + location + " (kid " + keyId() + "; development only)" + previousNote();
            case EPHEMERAL_RSA -> "none of its own (local sign-in is off; a key in memory only)" + previousNote();
        };
    }

    private String previousNote() {
        return previous.isEmpty() ? "" : ", " + previous.size() + " previous public key(s) still verify";
    }

    /** The private signing key with its kid (RS256), or null for HS256. */
    RSAKey signingKey() {
        return signing;
    }

    SecretKey secret() {
        return secret;
    }

    /** The public keys that verify the platform's tokens: the current one first, then the previous ones. */
    JWKSet verificationKeys() {
        List<JWK> keys = new ArrayList<>();
        if (signing != null) {
            keys.add(signing.toPublicJWK());
        }
        keys.addAll(previous);
        return new JWKSet(keys);
    }

    private static RSAKey ephemeral() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            java.security.KeyPair pair = generator.generateKeyPair();
            return rsa((RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an RSA key: " + e.getMessage(), e);
        }
    }

    static RSAKey rsa(RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        try {
            RSAKey.Builder builder =
                    new RSAKey.Builder(publicKey).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256);
            if (privateKey != null) {
                builder.privateKey(privateKey);
            }
            return builder.keyIDFromThumbprint().build();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot compute the key's thumbprint", e);
        }
    }

    private static List<RSAKey> previousKeys(String configured) {
        List<RSAKey> keys = new ArrayList<>();
        if (configured == null) {
            return keys;
        }
        List<String> texts = new ArrayList<>();
        if (configured.contains("-----BEGIN")) {
            texts.add(configured);
        } else {
            for (String location : configured.split(",")) {
                if (!location.isBlank()) {
                    texts.add(read(location.trim(), "LEDGERLINE_JWT_PREVIOUS_PUBLIC_KEYS"));
                }
            }
        }
        for (String text : texts) {
            Matcher pem = PEM.matcher(text);
            boolean any = false;
            while (pem.find()) {
                any = true;
                keys.add(rsa(publicKey(pem.group()), null));
            }
            if (!any) {
                throw new IllegalArgumentException("LEDGERLINE_JWT_PREVIOUS_PUBLIC_KEYS holds no PEM public key");
            }
        }
        return keys;
    }

    /** Inline PEM as it is, else the content of the resource location ({@code file:...}, {@code classpath:...}). */
    private static String read(String value, String variable) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        Resource resource = new DefaultResourceLoader().getResource(value.trim());
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(variable + " names " + value.trim() + ", which cannot be read ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    static RSAPrivateKey privateKey(String pem) {
        try {
            return (RSAPrivateKey)
                    KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("The RSA private key is not a PKCS#8 PEM key (-----BEGIN PRIVATE "
                    + "KEY-----; convert with: openssl pkcs8 -topk8 -nocrypt)");
        }
    }

    static RSAPublicKey publicKey(String pem) {
        try {
            return (RSAPublicKey)
                    KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException(
                    "An RSA public key is not a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
    }

    static RSAPublicKey derivePublic(RSAPrivateKey privateKey) {
        if (!(privateKey instanceof RSAPrivateCrtKey crt)) {
            throw new IllegalArgumentException("The RSA private key does not carry its public exponent: set "
                    + "LEDGERLINE_JWT_PUBLIC_KEY as well");
        }
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the RSA public key", e);
        }
    }

    private static byte[] der(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("Expected a PEM block " + begin);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
