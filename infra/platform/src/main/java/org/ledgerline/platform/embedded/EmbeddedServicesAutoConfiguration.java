package org.ledgerline.platform.embedded;

import com.zaxxer.hikari.HikariDataSource;
import org.ledgerline.embedded.DataDirectoryLock;
import org.ledgerline.embedded.EmbeddedKafkaServer;
import org.ledgerline.embedded.EmbeddedPostgresServer;
import org.ledgerline.replication.kafka.KafkaClientProperties;
import org.ledgerline.replication.kafka.KafkaConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * With no {@code spring.datasource.url} (env {@code LEDGERLINE_DB_URL}) the platform starts a real PostgreSQL from
 * Maven Central's binaries; with no {@code ledgerline.kafka.bootstrap-servers} (env
 * {@code LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS}) a real single-node KRaft broker. Both keep their data under
 * {@code ledgerline.embedded.data-directory}, which one process at a time may use. Only where the servers are on the
 * class path: the container image (module {@code infra/image}, ADR 0019) is built without {@code infra/embedded}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(name = EmbeddedServicesAutoConfiguration.EMBEDDED_SERVERS)
@EnableConfigurationProperties(EmbeddedServicesProperties.class)
public class EmbeddedServicesAutoConfiguration {

    /** A class of {@code infra/embedded}: present in the development jar, absent from the container image. */
    static final String EMBEDDED_SERVERS = "org.ledgerline.embedded.EmbeddedPostgresServer";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServicesAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @Conditional(AnyServerNotConfigured.class)
    DataDirectoryLock embeddedDataDirectoryLock(EmbeddedServicesProperties properties) {
        return DataDirectoryLock.acquire(properties.dataDirectory());
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnNotConfigured("spring.datasource.url")
    EmbeddedPostgresServer embeddedPostgres(EmbeddedServicesProperties properties, DataDirectoryLock lock) {
        long started = System.nanoTime();
        EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(properties.dataDirectory().resolve("postgres"), properties.postgresPort());
        server.ensureDatabase(properties.database());
        log.info(
                "Embedded PostgreSQL ready at {} (data in {}, started in {} ms); set LEDGERLINE_DB_URL to use "
                        + "another server",
                server.jdbcUrl(properties.database()),
                properties.dataDirectory().resolve("postgres").toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    @Bean
    @ConditionalOnNotConfigured("spring.datasource.url")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgresServer postgres, EmbeddedServicesProperties properties) {
        return DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url(postgres.jdbcUrl(properties.database()))
                .username(postgres.username())
                .password(postgres.password())
                .build();
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnNotConfigured("ledgerline.kafka.bootstrap-servers")
    EmbeddedKafkaServer embeddedKafka(EmbeddedServicesProperties properties, DataDirectoryLock lock) {
        long started = System.nanoTime();
        EmbeddedKafkaServer server =
                EmbeddedKafkaServer.start(properties.dataDirectory().resolve("kafka"), properties.kafkaPort());
        log.info(
                "Embedded Kafka broker ready at {} (logs in {}, started in {} ms); set "
                        + "LEDGERLINE_KAFKA_BOOTSTRAP_SERVERS to use another broker",
                server.bootstrapServers(),
                properties.dataDirectory().resolve("kafka").toAbsolutePath(),
                (System.nanoTime() - started) / 1_000_000);
        return server;
    }

    @Bean
    @ConditionalOnNotConfigured("ledgerline.kafka.bootstrap-servers")
    KafkaConnection embeddedKafkaConnection(EmbeddedKafkaServer kafka, KafkaClientProperties clientProperties) {
        return new KafkaConnection(kafka.bootstrapServers(), true, clientProperties.resolve());
    }
}
