package org.ledgerline.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = {
            "Mint an access token offline, with the platform's issuer and claims (sub = user id, roles), "
                    + "signed with the platform's own key, as the platform picks it:",
            "  --private-key (LEDGERLINE_JWT_PRIVATE_KEY): RS256 with the key's kid;",
            "  --secret (LEDGERLINE_JWT_SECRET): HS256;",
            "  otherwise the key a development platform generated in --data-dir (default ./.ledgerline).",
            "With none of these it refuses: against a production platform, sign in with 'ledgerline login'.",
            "The user is looked up by e-mail in the database (--db-url), or given by --user-id and --role."
        },
        footer = {
            "",
            "Examples:",
            "  export LEDGERLINE_TOKEN=$(ledgerline token --user admin@ledgerline.local \\",
            "        --db-url jdbc:postgresql://127.0.0.1:15432/postgres)",
            "  ledgerline token --user-id 3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c --role ADMIN --role CUSTOMER",
            "  ledgerline token --private-key /etc/ledgerline/jwt.key --user-id <uuid> --role ADMIN"
        })
final class TokenCommand extends ConnectedCommand {

    @ArgGroup(multiplicity = "1")
    Who who;

    static final class Who {
        @Option(names = "--user", paramLabel = "<email>", description = "Look the user up by e-mail (--db-url).")
        String email;

        @Option(names = "--user-id", paramLabel = "<uuid>", description = "The user id, without a look-up.")
        String userId;
    }

    @Option(names = "--role", paramLabel = "<role>", description = "Roles for --user-id (default ADMIN, CUSTOMER).")
    List<String> roles;

    @Option(
            names = "--private-key",
            paramLabel = "<pem>",
            defaultValue = "${env:LEDGERLINE_JWT_PRIVATE_KEY}",
            description = "The platform's RSA private key: a PKCS#8 PEM file (or file:<path>, or the PEM itself; env "
                    + "LEDGERLINE_JWT_PRIVATE_KEY). Tokens are RS256 with the key's kid.")
    String privateKey;

    @Option(
            names = "--secret",
            paramLabel = "<key>",
            defaultValue = "${env:LEDGERLINE_JWT_SECRET}",
            description = "The platform's HS256 secret, at least 32 bytes (env LEDGERLINE_JWT_SECRET).")
    String secret;

    @Option(
            names = "--data-dir",
            paramLabel = "<dir>",
            defaultValue = "${env:LEDGERLINE_DATA_DIR:-./.ledgerline}",
            description = "A development platform's data directory, whose generated key (keys/jwt-signing.pem) "
                    + "signs RS256 (env LEDGERLINE_DATA_DIR; default ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(
            names = "--issuer",
            paramLabel = "<iss>",
            defaultValue = "${env:LEDGERLINE_SECURITY_ISSUER:-ledgerline}",
            description = "The tokens' issuer (default ${DEFAULT-VALUE}).")
    String issuer;

    @Option(
            names = "--ttl",
            paramLabel = "<duration>",
            defaultValue = "1h",
            converter = Ledgerline.DurationConverter.class,
            description = "Lifetime (default ${DEFAULT-VALUE}).")
    Duration ttl;

    @Override
    public Integer call() throws Exception {
        String subject;
        List<String> claimRoles;
        if (who.email != null) {
            if (!connection.offline()) {
                throw CliException.usage("--user needs --db-url (LEDGERLINE_CLI_DB_URL) to look the e-mail up; or give "
                        + "--user-id and --role.");
            }
            try (OfflineStore store = connection.store()) {
                OfflineStore.User user = store.user(who.email);
                if (!user.active()) {
                    throw CliException.failed("That user is deactivated; the platform would refuse the token.");
                }
                subject = user.userId();
                claimRoles = user.roles();
            }
        } else {
            try {
                subject = java.util.UUID.fromString(who.userId).toString();
            } catch (IllegalArgumentException e) {
                throw CliException.usage("--user-id is a UUID, not '" + who.userId + "'.");
            }
            claimRoles = roles == null || roles.isEmpty() ? List.of("ADMIN", "CUSTOMER") : roles;
        }
        Signer signer = signer();
        out().println(mint(signer, issuer, subject, claimRoles, ttl, Instant.now()));
        return Ledgerline.OK;
    }

    /** The platform's key, in the platform's order: configured RSA key, configured secret, generated key. */
    Signer signer() throws IOException {
        if (privateKey != null && !privateKey.isBlank()) {
            String value = privateKey.strip();
            String pem = value.contains("-----BEGIN")
                    ? value
                    : read(Path.of(value.startsWith("file:") ? value.substring(5) : value), "--private-key");
            return Signer.rsa(pem);
        }
        if (secret != null && !secret.isBlank()) {
            return Signer.hmac(secret);
        }
        Path generated = dataDir.resolve("keys").resolve("jwt-signing.pem");
        if (Files.isRegularFile(generated)) {
            return Signer.rsa(read(generated, "the generated key"));
        }
        throw CliException.usage("No signing key: give --private-key or --secret (as the platform has them), or "
                + "--data-dir of a development platform (no " + generated + "); against a "
                + "production platform, sign in with 'ledgerline login' instead.");
    }

    private static String read(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw CliException.usage(
                    "Cannot read " + what + " " + file + " (" + e.getClass().getSimpleName() + ").");
        }
    }

    static String mint(Signer signer, String issuer, String subject, List<String> roles, Duration ttl, Instant now)
            throws GeneralSecurityException, com.fasterxml.jackson.core.JsonProcessingException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("roles", roles);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alg", signer.algorithm());
        if (signer.keyId() != null) {
            fields.put("kid", signer.keyId());
        }
        fields.put("typ", "JWT");
        String header = base64.encodeToString(PlatformClient.JSON.writeValueAsBytes(fields));
        String body = base64.encodeToString(PlatformClient.JSON.writeValueAsBytes(claims));
        byte[] signature = signer.sign((header + "." + body).getBytes(StandardCharsets.US_ASCII));
        return header + "." + body + "." + base64.encodeToString(signature);
    }

    /** RS256 with a PKCS#8 key (kid: its RFC 7638 thumbprint, as the platform's), or HS256 with a secret. */
    record Signer(String algorithm, String keyId, PrivateKey rsa, byte[] secret) {

        static Signer hmac(String secret) {
            byte[] key = secret.getBytes(StandardCharsets.UTF_8);
            if (key.length < 32) {
                throw CliException.usage("The secret must be at least 32 bytes, like the platform's.");
            }
            return new Signer("HS256", null, null, key);
        }

        static Signer rsa(String pem) {
            String begin = "-----BEGIN PRIVATE KEY-----";
            int from = pem.indexOf(begin);
            int to = pem.indexOf("-----END PRIVATE KEY-----");
            if (from < 0 || to < from) {
                throw CliException.usage("The private key is not a PKCS#8 PEM key (-----BEGIN PRIVATE KEY-----; "
                        + "convert with: openssl pkcs8 -topk8 -nocrypt).");
            }
            try {
                byte[] der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
                RSAPrivateCrtKey key =
                        (RSAPrivateCrtKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
                return new Signer("RS256", thumbprint(key.getModulus(), key.getPublicExponent()), key, null);
            } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
                throw CliException.usage("The private key is not a readable RSA PKCS#8 key.");
            }
        }

        byte[] sign(byte[] input) throws GeneralSecurityException {
            if (rsa != null) {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(rsa);
                signature.update(input);
                return signature.sign();
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(input);
        }

        /** RFC 7638: SHA-256 of {"e":..,"kty":"RSA","n":..}, base64url. */
        static String thumbprint(BigInteger modulus, BigInteger exponent) throws GeneralSecurityException {
            Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
            String json = "{\"e\":\"" + base64.encodeToString(unsigned(exponent)) + "\",\"kty\":\"RSA\",\"n\":\""
                    + base64.encodeToString(unsigned(modulus)) + "\"}";
            return base64.encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
        }

        private static byte[] unsigned(BigInteger value) {
            byte[] bytes = value.toByteArray();
            return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
        }
    }
}
