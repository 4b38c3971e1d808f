package org.ledgerline.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The development signing key: an RSA key pair generated on the first start and kept as PKCS#8 PEM in
 * {@code <data directory>/keys/jwt-signing.pem}, readable by its owner only (directory 0700, file 0600), reused on
 * later starts. A file that the group or others may read is refused, not used. Two processes starting at once on the
 * same directory agree on one key: each writes its own temporary file and links it to the final name, which only one
 * can do (link fails if the name exists); the other reads the winner's complete file.
 */
record GeneratedSigningKey(Path file, String pem) {

    static final String DIRECTORY = "keys";
    static final String FILE = "jwt-signing.pem";

    private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    static Path file(Path dataDirectory) {
        return dataDirectory.resolve(DIRECTORY).resolve(FILE);
    }

    static GeneratedSigningKey loadOrCreate(Path dataDirectory) {
        Path directory = dataDirectory.resolve(DIRECTORY);
        Path file = directory.resolve(FILE);
        try {
            createDirectory(directory);
            if (!Files.exists(file)) {
                create(directory, file);
            }
            checkOwnerOnly(file);
            return new GeneratedSigningKey(file, Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot keep the generated token signing key in " + directory + " (LEDGERLINE_DATA_DIR): "
                            + e.getMessage(),
                    e);
        }
    }

    private static void createDirectory(Path directory) throws IOException {
        Path parent = directory.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (posix(parent)) {
            try {
                Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
            } catch (FileAlreadyExistsException alreadyThere) {
                // made by an earlier start or a process starting beside this one
            }
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalStateException("The key directory " + directory + " is open to the group or others ("
                        + PosixFilePermissions.toString(permissions) + "); it must be "
                        + "0700: chmod 700 " + directory);
            }
        } else {
            Files.createDirectories(directory);
        }
    }

    private static void create(Path directory, Path file) throws IOException {
        boolean posix = posix(directory);
        Path temporary = posix
                ? Files.createTempFile(directory, FILE, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(directory, FILE, ".tmp");
        try {
            Files.writeString(
                    temporary,
                    generatePem(),
                    StandardCharsets.US_ASCII,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.SYNC);
            try {
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException lost) {
                // another process created the key first: use its key
            } catch (UnsupportedOperationException noHardLinks) {
                try {
                    Files.move(temporary, file); // without REPLACE_EXISTING: fails if the other process won
                } catch (FileAlreadyExistsException lost) {
                    // as above
                }
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new IllegalStateException("The token signing key " + file + " may be read by the group or others ("
                    + PosixFilePermissions.toString(permissions) + "); it must be "
                    + "0600: chmod 600 " + file + " (or delete it to generate a new "
                    + "key, which signs out everyone)");
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path.toAbsolutePath(), PosixFileAttributeView.class) != null;
    }

    private static String generatePem() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            byte[] der = generator.generateKeyPair().getPrivate().getEncoded();
            return "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der)
                    + "\n-----END PRIVATE KEY-----\n";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM cannot generate RSA keys", e);
        }
    }
}
