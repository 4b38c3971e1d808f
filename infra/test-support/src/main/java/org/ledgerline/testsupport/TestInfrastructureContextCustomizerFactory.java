package org.ledgerline.testsupport;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every {@link LedgerlineIntegrationTest} context at a fresh database of its own (and, if asked, at the
 * Kafka broker). The customizer is keyed by test class, so Spring never hands one class's context to another.
 */
public class TestInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        var annotation = MergedAnnotations.from(testClass, MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                .get(LedgerlineIntegrationTest.class);
        if (!annotation.isPresent()) {
            return null;
        }
        return new DatabasePerTestClass(testClass, annotation.getBoolean("kafka"));
    }

    private record DatabasePerTestClass(Class<?> testClass, boolean kafka) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            PostgresEndpoint server = TestInfrastructure.postgres();
            Map<String, Object> properties = new java.util.HashMap<>();
            properties.put("spring.datasource.url", TestInfrastructure.newDatabase(testClass.getSimpleName()));
            properties.put("spring.datasource.username", server.username());
            properties.put("spring.datasource.password", server.password());
            // No calls home and no Axon Server from tests.
            properties.put("axon.update-check.disabled", "true");
            properties.put("axon.axonserver.enabled", "false");
            properties.put("axon.console.disable-axoniq-console-message", "true");
            properties.put("spring.flyway.out-of-order", "true");
            if (kafka) {
                properties.put("ledgerline.kafka.bootstrap-servers", TestInfrastructure.kafkaBootstrapServers());
            }
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource("ledgerline-test-infrastructure", properties));
            // What the platform keeps in its data directory (the generated token signing key) stays under target/.
            // Set as the variable application.yaml reads, so a test that sets ledgerline.embedded.data-directory
            // itself still wins.
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "ledgerline-test-data-directory", Map.of("LEDGERLINE_DATA_DIR", dataDirectory(testClass))));
        }

        static String dataDirectory(Class<?> testClass) {
            return java.nio.file.Path.of("target", "ledgerline-data", testClass.getSimpleName())
                    .toAbsolutePath()
                    .toString();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DatabasePerTestClass that
                    && Objects.equals(testClass, that.testClass)
                    && kafka == that.kafka;
        }

        @Override
        public int hashCode() {
            return Objects.hash(testClass, kafka);
        }
    }
}
