package org.ledgerline.cli;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Development: mint an access token signed with the platform's HS256 key "
                + "(LEDGERLINE_JWT_SECRET), with the platform's issuer and claims (sub = user id, roles).",
                "The user is looked up by e-mail in the database (--db-url), or given by --user-id and --role. "
                        + "Platforms with RSA keys (production) do not accept these tokens."},
        footer = {"", "Examples:",
                  "  export LEDGERLINE_TOKEN=$(ledgerline token --user admin@ledgerline.local \\",
                  "        --db-url jdbc:postgresql://127.0.0.1:15432/postgres)",
                  "  ledgerline token --user-id 3b0c9c1e-5a51-4d43-9d0e-7e1f7a1a2b3c --role ADMIN --role CUSTOMER"})
final class TokenCommand implements Callable<Integer> {

    /** The platform's built-in development key (it logs a warning when it uses it). */
    static final String DEV_SECRET = "ledgerline-dev-only-secret-change-me-in-production-0001";

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

    @Option(names = "--secret", paramLabel = "<key>", defaultValue = "${env:LEDGERLINE_JWT_SECRET}",
            description = "The HS256 key (env LEDGERLINE_JWT_SECRET; default: the development key).")
    String secret;

    @Option(names = "--issuer", paramLabel = "<iss>", defaultValue = "${env:LEDGERLINE_SECURITY_ISSUER:-ledgerline}",
            description = "The tokens' issuer (default ${DEFAULT-VALUE}).")
    String issuer;

    @Option(names = "--ttl", paramLabel = "<duration>", defaultValue = "1h",
            converter = Ledgerline.DurationConverter.class, description = "Lifetime (default ${DEFAULT-VALUE}).")
    Duration ttl;

    @Mixin
    Connection connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String key = secret == null || secret.isBlank() ? DEV_SECRET : secret;
        if (key.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw CliException.usage("The key must be at least 32 bytes, like the platform's.");
        }
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
        spec.commandLine().getOut().println(mint(key, issuer, subject, claimRoles, ttl, Instant.now()));
        return Ledgerline.OK;
    }

    static String mint(String key, String issuer, String subject, List<String> roles, Duration ttl, Instant now)
            throws GeneralSecurityException, com.fasterxml.jackson.core.JsonProcessingException {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("roles", roles);
        String header = base64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
        String body = base64.encodeToString(PlatformClient.JSON.writeValueAsBytes(claims));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = base64.encodeToString(mac.doFinal((header + "." + body).getBytes(StandardCharsets.UTF_8)));
        return header + "." + body + "." + signature;
    }
}
