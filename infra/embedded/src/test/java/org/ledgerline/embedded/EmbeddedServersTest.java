package org.ledgerline.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedServersTest {

    @Test
    void postgres_keeps_its_data_across_a_restart(@TempDir Path directory) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(directory, 0)) {
            postgres.ensureDatabase("kept");
            try (var connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), "postgres", "")) {
                connection.createStatement().execute("CREATE TABLE note (text varchar)");
                connection.createStatement().execute("INSERT INTO note VALUES ('still here')");
            }
        }
        try (var postgres = EmbeddedPostgresServer.start(directory, 0);
                var connection = DriverManager.getConnection(postgres.jdbcUrl("kept"), "postgres", "")) {
            var rows = connection.createStatement().executeQuery("SELECT text FROM note");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
    }

    @Test
    void postgres_on_a_kept_data_directory_runs_durably(@TempDir Path directory) throws Exception {
        try (var postgres = EmbeddedPostgresServer.start(directory, 0);
                var connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), "postgres", "")) {
            Map<String, String> settings = new java.util.HashMap<>();
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                var rows = connection.createStatement().executeQuery("SHOW " + name);
                rows.next();
                settings.put(name, rows.getString(1));
            }
            assertThat(settings)
                    .containsExactlyInAnyOrderEntriesOf(
                            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));
        }
    }

    @Test
    void kafka_broker_takes_and_serves_records(@TempDir Path directory) throws Exception {
        try (var kafka = EmbeddedKafkaServer.start(directory, 0)) {
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("probe", 1, (short) 1)))
                        .all()
                        .get();
            }
            Properties producerConfig = new Properties();
            producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            producerConfig.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            producerConfig.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            try (var producer = new KafkaProducer<String, String>(producerConfig)) {
                producer.send(new ProducerRecord<>("probe", "key", "hello")).get();
            }
            Properties consumerConfig = new Properties();
            consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "probe");
            consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            consumerConfig.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            consumerConfig.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            try (var consumer = new KafkaConsumer<String, String>(consumerConfig)) {
                consumer.subscribe(List.of("probe"));
                var values = new java.util.ArrayList<String>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
                }
                assertThat(values).containsExactly("hello");
            }
        }
    }

    @Test
    void a_second_process_cannot_take_a_locked_data_directory(@TempDir Path directory) {
        try (var ignored = DataDirectoryLock.acquire(directory)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(directory))
                    .isInstanceOf(DataDirectoryLock.DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another Ledgerline process (pid "
                            + ProcessHandle.current().pid());
        }
        try (var again = DataDirectoryLock.acquire(directory)) {
            assertThat(again).isNotNull();
        }
    }
}
