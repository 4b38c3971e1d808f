package org.ledgerline.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.platform.LedgerlinePlatform;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One platform, started in this JVM on a fresh database of the run's PostgreSQL and the run's Kafka broker. */
final class Platform implements AutoCloseable {

    final String name;
    final String database;
    final String topicPrefix;
    final ConfigurableApplicationContext context;
    final int port;
    private final Servers servers;

    private Platform(
            String name, String database, String topicPrefix, ConfigurableApplicationContext context, Servers servers) {
        this.name = name;
        this.database = database;
        this.topicPrefix = topicPrefix;
        this.context = context;
        this.servers = servers;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    /**
     * @param overrides properties of this configuration (the peer's), applied over the bench's own
     */
    static Platform start(String name, Servers servers, Map<String, String> overrides) throws Exception {
        String database = servers.newDatabase(name);
        String topicPrefix = "bench-" + name + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", servers.jdbcUrl(database));
        properties.put("spring.datasource.username", servers.user);
        properties.put("spring.datasource.password", servers.password);
        properties.put("ledgerline.embedded.enabled", "false");
        properties.put("ledgerline.kafka.bootstrap-servers", servers.kafkaBootstrapServers());
        properties.put("ledgerline.replication.topic-prefix", topicPrefix);
        properties.put("server.port", "0");
        // The per-caller limit (50 commands/s) would measure the limiter: off (0: no check at all, not even the
        // database round trips of a limit too high to reach), so few callers can load the platform.
        // LEDGERLINE_BENCH_RATE_LIMIT=<a limit too high to reach> measures what the shared limiter's check costs.
        properties.put(
                "ledgerline.rate-limit.commands-per-second",
                System.getenv().getOrDefault("LEDGERLINE_BENCH_RATE_LIMIT", "0"));
        properties.put("ledgerline.admin.email", "");
        properties.put("axon.update-check.disabled", "true");
        properties.put("spring.main.banner-mode", "off");
        properties.put("logging.level.root", "WARN");
        properties.put("logging.level.org.ledgerline", "WARN");
        properties.put("logging.level.org.axonframework", "ERROR");
        properties.put("logging.level.org.apache.kafka", "ERROR");
        properties.put("logging.level.kafka", "ERROR");
        properties.putAll(overrides);
        List<String> args = new ArrayList<>();
        properties.forEach((key, value) -> args.add("--" + key + "=" + value));
        ConfigurableApplicationContext context =
                new SpringApplicationBuilder(LedgerlinePlatform.class).run(args.toArray(String[]::new));
        return new Platform(name, database, topicPrefix, context, servers);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    String token(UUID user, String... roles) {
        return bean(TokenIssuer.class).issue(user, Set.of(roles)).accessToken();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the given processing groups (e.g. the saga while the command path is measured on its own). */
    void stopProcessors(String... names) {
        EventProcessingConfiguration processing = bean(EventProcessingConfiguration.class);
        for (String processor : names) {
            processing.eventProcessor(processor).ifPresent(EventProcessor::shutDown);
        }
    }

    void stopAllProcessors() {
        bean(EventProcessingConfiguration.class).eventProcessors().values().forEach(EventProcessor::shutDown);
    }

    @Override
    public void close() {
        try {
            context.close();
        } finally {
            servers.dropDatabase(database);
        }
    }
}
