package org.ledgerline.user.bootstrap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The development administrator's password when none is configured: generated once (24 random bytes, URL-safe
 * Base64) into {@code <data directory>/admin-password}, readable by its owner only (file 0600, directory 0700 where
 * the file system has POSIX permissions), and read back on every later start.
 */
final class AdminPasswordFile {

    static final String FILE_NAME = "admin-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;

    AdminPasswordFile(Path dataDirectory) {
        this.file = dataDirectory.resolve(FILE_NAME);
    }

    Path path() {
        return file;
    }

    /** Whether this call generated the password (false: it was already there). */
    record Password(String value, boolean generated) {

        @Override
        public String toString() {
            return "Password[generated=" + generated + "]";
        }
    }

    Password readOrGenerate() {
        try {
            if (Files.exists(file)) {
                return new Password(read(), false);
            }
            createDirectory(file.getParent());
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            try (SeekableByteChannel channel = Files.newByteChannel(
                    file,
                    EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly("rw-------"))) {
                channel.write(ByteBuffer.wrap((password + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (FileAlreadyExistsException e) {
                return new Password(read(), false); // another process on the same directory was first
            }
            return new Password(password, true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read or write the administrator password file " + file
                            + "; set LEDGERLINE_ADMIN_PASSWORD or LEDGERLINE_DATA_DIR",
                    e);
        }
    }

    private String read() throws IOException {
        String password = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (password.isEmpty()) {
            throw new IOException("the file is empty; delete it to generate a new password");
        }
        return password;
    }

    /** Creates the directory owner-only, or makes an existing one owner-only (it holds development secrets). */
    private static void createDirectory(Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, ownerOnly("rwx------"));
        } else if (posix()) {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static boolean posix() {
        return java.nio.file.FileSystems.getDefault()
                .supportedFileAttributeViews()
                .contains("posix");
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        if (!posix()) {
            return new FileAttribute<?>[0];
        }
        Set<PosixFilePermission> set = PosixFilePermissions.fromString(permissions);
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(set)};
    }
}
