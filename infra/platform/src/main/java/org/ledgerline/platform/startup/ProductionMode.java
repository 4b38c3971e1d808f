package org.ledgerline.platform.startup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * What production mode (Spring profile {@code prod}, env {@code SPRING_PROFILES_ACTIVE=prod}) refuses, and the one
 * start-up line that tells every mode what it runs on. Reads settings only: nothing is started or written here.
 */
public final class ProductionMode {

    /** The profile that switches production mode on. */
    public static final String PROFILE = "prod";

    /** The administrator password that once was built in; never accepted in production. */
    static final String OLD_DEFAULT_ADMIN_PASSWORD = "ledgerline-admin";

    static final int MIN_ADMIN_PASSWORD_LENGTH = 12;

    private ProductionMode() {}

    public static boolean active(Environment environment) {
        return environment.acceptsProfiles(Profiles.of(PROFILE));
    }

    /** Every setting production mode refuses, each as one sentence naming the setting that fixes it. */
    public static List<String> refusals(Environment environment) {
        List<String> refusals = new ArrayList<>();
        if (blank(environment.getProperty("spring.datasource.url"))) {
            refusals.add("No database is configured: set LEDGERLINE_DB_URL (spring.datasource.url) to the JDBC URL "
                    + "of the production PostgreSQL.");
        }
        boolean replication = environment.getProperty("ledgerline.replication.enabled", Boolean.class, true);
        if (replication && blank(environment.getProperty("ledgerline.kafka.bootstrap-servers"))) {
            refusals.add("No Kafka cluster is configured: set LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS "
                    + "(ledgerline.kafka.bootstrap-servers), or LEDGERLINE_REPLICATION_ENABLED=false "
                    + "to run without replication.");
        }
        if (environment.getProperty("ledgerline.embedded.enabled", Boolean.class, false)) {
            refusals.add("Embedded development servers are switched on: remove LEDGERLINE_EMBEDDED=true "
                    + "(ledgerline.embedded.enabled) in production.");
        }
        if (keySource(environment) == KeySource.GENERATED) {
            refusals.add("No token signing key is configured: set LEDGERLINE_JWT_PRIVATE_KEY (or "
                    + "LEDGERLINE_JWT_SECRET), or accept only an external identity provider's tokens with "
                    + "LEDGERLINE_OIDC_ISSUER_URI (or LEDGERLINE_OIDC_JWK_SET_URI) and "
                    + "LEDGERLINE_LOCAL_SIGN_IN=false.");
        }
        if (!blank(environment.getProperty("ledgerline.admin.email"))) {
            String password = environment.getProperty("ledgerline.admin.password");
            if (blank(password)) {
                refusals.add("An administrator e-mail is configured without a password: set "
                        + "LEDGERLINE_ADMIN_PASSWORD (at least " + MIN_ADMIN_PASSWORD_LENGTH
                        + " characters), or set LEDGERLINE_ADMIN_EMAIL empty to create no administrator.");
            } else if (OLD_DEFAULT_ADMIN_PASSWORD.equals(password)) {
                refusals.add("The administrator password is the old published default: set "
                        + "LEDGERLINE_ADMIN_PASSWORD to a secret of your own.");
            } else if (password.length() < MIN_ADMIN_PASSWORD_LENGTH) {
                refusals.add("The administrator password is shorter than " + MIN_ADMIN_PASSWORD_LENGTH
                        + " characters: set a longer LEDGERLINE_ADMIN_PASSWORD.");
            }
        }
        if ("always".equalsIgnoreCase(environment.getProperty("management.endpoint.health.show-details", ""))) {
            refusals.add("Health details are shown to everyone: set management.endpoint.health.show-details "
                    + "(MANAGEMENT_ENDPOINT_HEALTH_SHOWDETAILS) to when-authorized.");
        }
        return refusals;
    }

    /** Where access tokens' signing key comes from, read from the settings alone. */
    enum KeySource {
        EXTERNAL_ISSUER,
        EXTERNAL_JWK_SET,
        RSA,
        HS256,
        GENERATED
    }

    /**
     * The platform's own key comes first (it signs whenever local sign-in is on); an external provider alone counts
     * only with local sign-in off, else the platform would sign with a generated key.
     */
    static KeySource keySource(Environment environment) {
        if (!blank(environment.getProperty("ledgerline.security.rsa-private-key"))) {
            return KeySource.RSA;
        }
        if (!blank(environment.getProperty("ledgerline.security.jwt-secret"))) {
            return KeySource.HS256;
        }
        if (!environment.getProperty("ledgerline.security.local-sign-in", Boolean.class, true)) {
            if (!blank(environment.getProperty("ledgerline.security.external.issuer-uri"))) {
                return KeySource.EXTERNAL_ISSUER;
            }
            if (!blank(environment.getProperty("ledgerline.security.external.jwk-set-uri"))) {
                return KeySource.EXTERNAL_JWK_SET;
            }
        }
        return KeySource.GENERATED;
    }

    private static String external(Environment environment) {
        String issuer = environment.getProperty("ledgerline.security.external.issuer-uri");
        String jwkSet = environment.getProperty("ledgerline.security.external.jwk-set-uri");
        return !blank(issuer)
                ? "external issuer " + issuer.strip()
                : !blank(jwkSet) ? "external JWK set " + jwkSet.strip() : null;
    }

    /**
     * One line: mode, database, brokers, key source, management port. Never a secret: a JDBC URL loses its
     * credentials (user info and password-like parameters), keys are named by kind, the scrape token only by whether
     * it is set.
     */
    public static String summary(Environment environment) {
        boolean production = active(environment);
        boolean embedded = environment.getProperty("ledgerline.embedded.enabled", Boolean.class, !production);
        String dataDirectory = environment.getProperty("ledgerline.embedded.data-directory", ".ledgerline");
        String url = environment.getProperty("spring.datasource.url");
        String database = !blank(url)
                ? withoutCredentials(url)
                : embedded ? "embedded PostgreSQL in " + dataDirectory : "none configured";
        String servers = environment.getProperty("ledgerline.kafka.bootstrap-servers");
        boolean replication = environment.getProperty("ledgerline.replication.enabled", Boolean.class, true);
        String brokers = !blank(servers)
                ? servers.strip()
                : embedded
                        ? "embedded Kafka in " + dataDirectory
                        : replication ? "none configured" : "none (replication off)";
        String key = switch (keySource(environment)) {
            case EXTERNAL_ISSUER, EXTERNAL_JWK_SET -> external(environment) + " only (local sign-in off)";
            case RSA -> "configured RSA key";
            case HS256 -> "configured HS256 secret";
            case GENERATED -> "generated development key";
        };
        if (external(environment) != null && !key.startsWith("external")) {
            key += " and " + external(environment);
        }
        String managementPort = environment.getProperty("management.server.port", "same as the API");
        String scrape = blank(environment.getProperty("ledgerline.management.scrape-token")) ? "open" : "scrape token";
        return "Ledgerline starting in " + (production ? "production" : "development") + " mode: database "
                + database + ", brokers " + brokers + ", signing key: " + key + ", API port "
                + environment.getProperty("server.port", "8080") + ", management port " + managementPort
                + " (Prometheus: " + scrape + ")";
    }

    private static final Set<String> SECRET_PARAMETERS = Set.of("password", "sslpassword", "sslkey", "user");

    /** {@code jdbc:postgresql://user:pw@host/db?password=x&ssl=true} -> {@code jdbc:postgresql://host/db?ssl=true}. */
    static String withoutCredentials(String url) {
        String stripped = url.strip().replaceFirst("//[^/@?]*@", "//");
        int query = stripped.indexOf('?');
        if (query < 0) {
            return stripped;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : stripped.substring(query + 1).split("&")) {
            String name = parameter.split("=", 2)[0].toLowerCase(java.util.Locale.ROOT);
            if (!SECRET_PARAMETERS.contains(name) && !name.contains("password") && !name.contains("secret")) {
                kept.add(parameter);
            }
        }
        return stripped.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
