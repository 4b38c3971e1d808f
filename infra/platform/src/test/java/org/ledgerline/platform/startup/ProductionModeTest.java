package org.ledgerline.platform.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** What production mode refuses, one sentence each, and the start-up summary line that never shows a secret. */
class ProductionModeTest {

    private static MockEnvironment production() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }

    private static MockEnvironment safeProduction() {
        MockEnvironment environment = production();
        environment.setProperty("spring.datasource.url", "jdbc:postgresql://db.internal:5432/ledgerline");
        environment.setProperty("ledgerline.kafka.bootstrap-servers", "kafka-1:9092,kafka-2:9092");
        environment.setProperty("ledgerline.embedded.enabled", "false");
        environment.setProperty("ledgerline.security.jwt-secret", "a-production-secret-of-at-least-32-bytes!");
        environment.setProperty("ledgerline.admin.email", "ops@example.com");
        environment.setProperty("ledgerline.admin.password", "a long admin password");
        environment.setProperty("management.endpoint.health.show-details", "when-authorized");
        return environment;
    }

    @Test
    void a_safe_production_configuration_is_accepted() {
        assertThat(ProductionMode.refusals(safeProduction())).isEmpty();
    }

    @Test
    void nothing_configured_is_refused_for_every_missing_setting_at_once_one_sentence_each() {
        MockEnvironment environment = production();
        environment.setProperty("ledgerline.embedded.enabled", "true");
        environment.setProperty("ledgerline.admin.email", "admin@ledgerline.local");
        environment.setProperty("management.endpoint.health.show-details", "always");
        List<String> refusals = ProductionMode.refusals(environment);
        assertThat(refusals).hasSize(6);
        assertThat(String.join("\n", refusals))
                .contains("LEDGERLINE_DB_URL")
                .contains("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS")
                .contains("LEDGERLINE_EMBEDDED=true")
                .contains("LEDGERLINE_JWT_PRIVATE_KEY")
                .contains("LEDGERLINE_JWT_SECRET")
                .contains("LEDGERLINE_OIDC_ISSUER_URI")
                .contains("LEDGERLINE_ADMIN_PASSWORD")
                .contains("management.endpoint.health.show-details");
        assertThat(refusals).allSatisfy(refusal -> {
            assertThat(refusal).endsWith(".").doesNotContain("\n");
            assertThat(refusal.split("\\. ")).as(refusal).hasSize(1);
        });
    }

    @Test
    void each_unsafe_setting_alone_is_refused() {
        assertThat(refusedWith("spring.datasource.url", ""))
                .singleElement()
                .asString()
                .contains("LEDGERLINE_DB_URL");
        assertThat(refusedWith("ledgerline.kafka.bootstrap-servers", " "))
                .singleElement()
                .asString()
                .contains("LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS");
        assertThat(refusedWith("ledgerline.embedded.enabled", "true"))
                .singleElement()
                .asString()
                .contains("LEDGERLINE_EMBEDDED");
        assertThat(refusedWith("ledgerline.security.jwt-secret", ""))
                .singleElement()
                .asString()
                .contains("signing key");
        assertThat(refusedWith("ledgerline.admin.password", ""))
                .singleElement()
                .asString()
                .contains("LEDGERLINE_ADMIN_PASSWORD");
        assertThat(refusedWith("ledgerline.admin.password", "ledgerline-admin"))
                .singleElement()
                .asString()
                .contains("old published default");
        assertThat(refusedWith("ledgerline.admin.password", "short-11ch!"))
                .singleElement()
                .asString()
                .contains("shorter than 12 characters");
        assertThat(refusedWith("management.endpoint.health.show-details", "always"))
                .singleElement()
                .asString()
                .contains("when-authorized");
    }

    @Test
    void what_production_accepts_instead() {
        MockEnvironment noReplication = safeProduction();
        noReplication.setProperty("ledgerline.kafka.bootstrap-servers", "");
        noReplication.setProperty("ledgerline.replication.enabled", "false");
        assertThat(ProductionMode.refusals(noReplication)).isEmpty();

        MockEnvironment noAdmin = safeProduction();
        noAdmin.setProperty("ledgerline.admin.email", "");
        noAdmin.setProperty("ledgerline.admin.password", "");
        assertThat(ProductionMode.refusals(noAdmin)).isEmpty();

        MockEnvironment rsa = safeProduction();
        rsa.setProperty("ledgerline.security.jwt-secret", "");
        rsa.setProperty("ledgerline.security.rsa-private-key", "file:/etc/ledgerline/jwt.key");
        assertThat(ProductionMode.refusals(rsa)).isEmpty();

        for (String key :
                List.of("ledgerline.security.external.issuer-uri", "ledgerline.security.external.jwk-set-uri")) {
            MockEnvironment externalOnly = safeProduction();
            externalOnly.setProperty("ledgerline.security.jwt-secret", "");
            externalOnly.setProperty(key, "https://idp.example.com/realms/ledgerline");
            // With the platform's own sign-in still on, it would sign with a generated key: refused.
            assertThat(ProductionMode.refusals(externalOnly))
                    .as(key)
                    .singleElement()
                    .asString()
                    .contains("LEDGERLINE_LOCAL_SIGN_IN=false");
            externalOnly.setProperty("ledgerline.security.local-sign-in", "false");
            assertThat(ProductionMode.refusals(externalOnly)).as(key).isEmpty();
        }
    }

    @Test
    void development_mode_refuses_nothing() {
        MockEnvironment development = new MockEnvironment();
        development.setProperty("ledgerline.embedded.enabled", "true");
        assertThat(ProductionMode.active(development)).isFalse();
        assertThat(ProductionMode.active(production())).isTrue();
    }

    @Test
    void the_summary_names_mode_database_brokers_key_source_and_management_port_without_secrets() {
        MockEnvironment environment = safeProduction();
        environment.setProperty(
                "spring.datasource.url",
                "jdbc:postgresql://app:pw-in-url@db.internal:5432/ledgerline?password=pw-in-query"
                        + "&ssl=true&sslpassword=pw-ssl");
        environment.setProperty("spring.datasource.password", "pw-property");
        environment.setProperty("management.server.port", "9091");
        environment.setProperty("ledgerline.management.scrape-token", "scrape-secret");
        String summary = ProductionMode.summary(environment);
        assertThat(summary)
                .isEqualTo("Ledgerline starting in production mode: database "
                        + "jdbc:postgresql://db.internal:5432/ledgerline?ssl=true, brokers "
                        + "kafka-1:9092,kafka-2:9092, signing key: configured HS256 secret, "
                        + "API port 8080, management port 9091 (Prometheus: scrape token)");
        assertThat(summary)
                .doesNotContain("pw-")
                .doesNotContain("scrape-secret")
                .doesNotContain("production-secret")
                .doesNotContain("\n");
    }

    @Test
    void the_development_summary_names_the_embedded_servers_and_the_generated_key() {
        MockEnvironment environment = new MockEnvironment();
        environment.setProperty("ledgerline.embedded.enabled", "true");
        environment.setProperty("ledgerline.embedded.data-directory", "./.ledgerline");
        environment.setProperty("management.server.port", "8081");
        assertThat(ProductionMode.summary(environment))
                .isEqualTo(
                        "Ledgerline starting in development mode: database embedded PostgreSQL in ./.ledgerline, brokers "
                                + "embedded Kafka in ./.ledgerline, signing key: generated development key, API port 8080, "
                                + "management port 8081 (Prometheus: open)");
        environment.setProperty("ledgerline.security.rsa-private-key", "file:/etc/ledgerline/jwt.key");
        assertThat(ProductionMode.summary(environment)).contains("signing key: configured RSA key");
        environment.setProperty("ledgerline.security.external.issuer-uri", "https://idp.example.com/realms/x");
        assertThat(ProductionMode.summary(environment))
                .contains("signing key: configured RSA key and external issuer https://idp.example.com/realms/x");
        environment.setProperty("ledgerline.security.rsa-private-key", "");
        environment.setProperty("ledgerline.security.local-sign-in", "false");
        assertThat(ProductionMode.summary(environment))
                .contains("signing key: external issuer https://idp.example.com/realms/x only (local sign-in off)");
    }

    private static List<String> refusedWith(String key, String value) {
        MockEnvironment environment = safeProduction();
        environment.setProperty(key, value);
        return ProductionMode.refusals(environment);
    }
}
