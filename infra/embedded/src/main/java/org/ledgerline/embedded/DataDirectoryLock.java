package org.ledgerline.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An OS file lock on a data directory, so a second process never starts servers on data the first one is using.
 * The lock dies with the process, so a crash never leaves a stale lock behind.
 */
public final class DataDirectoryLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code directory}, creating it if needed.
     *
     * @throws DataDirectoryInUseException when another process holds the lock
     */
    public static DataDirectoryLock acquire(Path directory) {
        try {
            Files.createDirectories(directory);
            Path lockFile = directory.resolve("ledgerline.lock");
            FileChannel channel = FileChannel.open(
                    lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this very JVM
            }
            if (lock == null) {
                String holder =
                        Files.readString(lockFile, StandardCharsets.UTF_8).trim();
                channel.close();
                throw new DataDirectoryInUseException(directory, holder);
            }
            channel.truncate(0);
            channel.write(
                    ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot lock the data directory " + directory.toAbsolutePath(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Another process is using the data directory. */
    public static final class DataDirectoryInUseException extends IllegalStateException {

        public DataDirectoryInUseException(Path directory, String holderPid) {
            super("The data directory " + directory.toAbsolutePath() + " is in use by another Ledgerline process"
                    + (holderPid.isEmpty() ? "" : " (pid " + holderPid + ")")
                    + ". Stop that process, or give this one its own directory with LEDGERLINE_DATA_DIR.");
        }
    }
}
