package org.ledgerline.user.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminPasswordFileTest {

    @TempDir
    Path temp;

    @Test
    void a_new_password_is_random_owner_only_and_reused_on_later_starts() throws IOException {
        Path dataDirectory = temp.resolve("data");
        AdminPasswordFile.Password first = new AdminPasswordFile(dataDirectory).readOrGenerate();
        assertThat(first.generated()).isTrue();
        assertThat(first.value()).hasSize(32).isNotEqualTo("ledgerline-admin");
        Path file = dataDirectory.resolve("admin-password");
        assertThat(Files.readString(file).strip()).isEqualTo(first.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDirectory)))
                .isEqualTo("rwx------");

        AdminPasswordFile.Password again = new AdminPasswordFile(dataDirectory).readOrGenerate();
        assertThat(again.generated()).isFalse();
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(again.toString()).doesNotContain(first.value());
    }

    @Test
    void two_data_directories_get_different_passwords_and_an_existing_directory_becomes_owner_only()
            throws IOException {
        Path existing = Files.createDirectory(
                temp.resolve("existing"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        String one = new AdminPasswordFile(existing).readOrGenerate().value();
        String other =
                new AdminPasswordFile(temp.resolve("other")).readOrGenerate().value();
        assertThat(one).isNotEqualTo(other);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(existing)))
                .isEqualTo("rwx------");
    }
}
