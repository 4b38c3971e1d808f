package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSigningKeyTest {

    @TempDir
    Path data;

    @Test
    void the_key_is_generated_once_owner_only_and_reused() throws Exception {
        GeneratedSigningKey first = GeneratedSigningKey.loadOrCreate(data);
        GeneratedSigningKey second = GeneratedSigningKey.loadOrCreate(data);

        assertThat(first.file()).isEqualTo(data.resolve("keys/jwt-signing.pem"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first.file())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("keys"))))
                .isEqualTo("rwx------");
        assertThat(second.pem()).isEqualTo(first.pem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(TokenKeys.privateKey(first.pem()).getAlgorithm()).isEqualTo("RSA");
        try (var files = Files.list(data.resolve("keys"))) {
            assertThat(files).as("no temporary file left").containsExactly(first.file());
        }
    }

    @Test
    void processes_starting_at_once_agree_on_one_key() throws Exception {
        int starts = 6;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(starts);
        try {
            List<CompletableFuture<String>> keys = IntStream.range(0, starts)
                    .mapToObj(i -> CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    go.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return GeneratedSigningKey.loadOrCreate(data).pem();
                            },
                            pool))
                    .toList();
            go.countDown();
            assertThat(keys.stream().map(CompletableFuture::join).distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_key_file_the_group_or_others_may_read_is_refused() throws Exception {
        Path file = GeneratedSigningKey.loadOrCreate(data).file();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> GeneratedSigningKey.loadOrCreate(data))
                .hasMessageContaining("may be read by the group or others (rw-r--r--)")
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void a_key_directory_open_to_others_is_refused() throws Exception {
        Path keys = Files.createDirectories(data.resolve("keys"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> GeneratedSigningKey.loadOrCreate(data)).hasMessageContaining("chmod 700 " + keys);
    }

    @Test
    void the_key_source_says_where_the_key_is_and_never_the_key() {
        TokenKeys keys = TokenKeys.load(new SecurityProperties(null, null, null, null, null, null, null, null), data);

        assertThat(keys.source()).isEqualTo(TokenKeys.Source.GENERATED_RSA);
        assertThat(keys.describe())
                .startsWith("generated RSA key in " + data.resolve("keys"))
                .contains("kid " + keys.keyId())
                .doesNotContain("BEGIN");
        assertThat(new SecurityProperties("x".repeat(32), null, null, null, null, null, null, null).usesRsa())
                .isFalse();
    }
}
