package org.ledgerline.eventstore.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Wakes the streaming readers of every node on one database when any node commits events (ADR 0028), through
 * PostgreSQL's {@code LISTEN}/{@code NOTIFY}: a node's readers are woken by its own commits ({@link CommitSignal}),
 * but without this they see another node's commits only at their next poll, so a saga whose steps cross nodes waits a
 * poll per step.
 *
 * <p>Two sessions of its own, outside the pool: a listener ({@code LISTEN ledgerline_commits}, its
 * {@code application_name} {@value #LISTENER_NAME}) that wakes this node's readers when a notification from another
 * node arrives, and a sender that, after this node's commits, sends one {@code NOTIFY} for all the commits counted
 * while the previous one was on its way. The command transactions never notify: a transaction that notifies takes a
 * database-wide lock at commit, which would serialize every command's commit. The sender's session commits without
 * waiting for the WAL flush ({@code synchronous_commit = off}): a notification is a hint, lost with a crash at worst.
 * A node alone sends nothing: the sender looks every {@code peerCheck} for other nodes' listening sessions in
 * {@code pg_stat_activity}.
 *
 * <p>It is only a hint either way: readers still poll ({@code ledgerline.event-store.fetch-delay}), so a lost
 * notification, a broken session (re-opened with a back-off) or a connection pooler that cannot carry
 * {@code LISTEN} costs latency, never an event.
 */
public final class CrossNodeWakeUp implements SmartLifecycle {

    /** The channel the nodes of one database notify each other on. */
    public static final String CHANNEL = "ledgerline_commits";

    /** The {@code application_name} of a node's listening session: how a node sees that others listen. */
    public static final String LISTENER_NAME = "ledgerline-wakeup";

    private static final String SENDER_NAME = "ledgerline-wakeup-send";
    private static final int LISTEN_POLL_MILLIS = 500;
    private static final long MAX_BACKOFF_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(CrossNodeWakeUp.class);

    /** Opens a session of its own (not from the pool: the listener holds it for the node's life). */
    @FunctionalInterface
    public interface Sessions {
        Connection open() throws SQLException;
    }

    private final Sessions sessions;
    private final CommitSignal commits;
    private final Runnable wakeReaders;
    private final long peerCheckNanos;
    // Tells this node's notifications from the others' (a node hears its own on the channel).
    private final String instance = UUID.randomUUID().toString();
    private final Counter sent;
    private final Counter received;
    private final Counter failures;
    private final AtomicInteger peers = new AtomicInteger();
    private volatile int listenerPid = -1;
    private volatile boolean running;
    private volatile Connection listening;
    private Thread sender;
    private Thread listener;

    /**
     * @param sessions    opens the listener's and the sender's sessions
     * @param commits     this node's commits (what it tells the others) and where their wake-ups go
     * @param wakeReaders wakes this node's other readers at the head (Axon's embedded event store)
     * @param peerCheck   how often the sender looks for other nodes' listeners
     */
    public CrossNodeWakeUp(
            Sessions sessions, CommitSignal commits, Runnable wakeReaders, Duration peerCheck, MeterRegistry meters) {
        if (peerCheck.isNegative() || peerCheck.isZero()) {
            throw new IllegalArgumentException("peerCheck must be positive: " + peerCheck);
        }
        this.sessions = sessions;
        this.commits = commits;
        this.wakeReaders = wakeReaders;
        this.peerCheckNanos = peerCheck.toNanos();
        this.sent = Counter.builder("ledgerline.event-store.wake-ups")
                .tag("direction", "sent")
                .description("Notifications this node sent to the other nodes after its commits")
                .register(meters);
        this.received = Counter.builder("ledgerline.event-store.wake-ups")
                .tag("direction", "received")
                .description("Notifications from other nodes that woke this node's readers")
                .register(meters);
        this.failures = Counter.builder("ledgerline.event-store.wake-up.failures")
                .description("Sessions of the cross-node wake-up that failed and were re-opened")
                .register(meters);
        Gauge.builder("ledgerline.event-store.wake-up.peers", peers, AtomicInteger::get)
                .description("Other nodes listening for this node's commits, as last seen")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        listener = Thread.ofPlatform().name("commit-wakeup-listen").daemon(true).start(this::listen);
        sender = Thread.ofPlatform().name("commit-wakeup-send").daemon(true).start(this::send);
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        sender.interrupt();
        closeQuietly(listening); // ends a listener waiting for notifications
        join(sender);
        join(listener);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Other nodes listening, as the sender last saw them. */
    public int peers() {
        return peers.get();
    }

    private void listen() {
        Connection connection = null;
        long backoff = 0;
        while (running) {
            try {
                if (connection == null) {
                    connection = sessions.open();
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET application_name = '" + LISTENER_NAME + "'");
                        try (ResultSet pid = statement.executeQuery("SELECT pg_backend_pid()")) {
                            pid.next();
                            listenerPid = pid.getInt(1);
                        }
                        statement.execute("LISTEN " + CHANNEL);
                    }
                    listening = connection;
                    backoff = 0;
                    wake(); // commits made while this node was not listening
                }
                PGNotification[] notifications =
                        connection.unwrap(PGConnection.class).getNotifications(LISTEN_POLL_MILLIS);
                if (fromAnotherNode(notifications)) {
                    received.increment();
                    wake();
                }
            } catch (SQLException | RuntimeException e) {
                listenerPid = -1;
                closeQuietly(connection);
                connection = null;
                listening = null;
                if (running) {
                    backoff = failed("listening", e, backoff);
                }
            }
        }
        listenerPid = -1;
        closeQuietly(connection);
    }

    private boolean fromAnotherNode(PGNotification[] notifications) {
        if (notifications == null) {
            return false;
        }
        for (PGNotification notification : notifications) {
            if (!instance.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private void wake() {
        commits.wake();
        wakeReaders.run();
    }

    private void send() {
        Connection connection = null;
        PreparedStatement notify = null;
        PreparedStatement listeners = null;
        long seen = commits.localCount();
        long peersSeenAt = 0;
        boolean peersKnown = false;
        long backoff = 0;
        while (running) {
            try {
                long now = commits.awaitLocalAfter(seen, peerCheckNanos);
                boolean committed = now != seen;
                seen = now;
                if (connection == null) {
                    connection = sessions.open();
                    connection.setAutoCommit(true);
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET application_name = '" + SENDER_NAME + "'");
                        // A notification is a hint: its commit need not wait for the WAL flush.
                        statement.execute("SET synchronous_commit = off");
                    }
                    notify = connection.prepareStatement("SELECT pg_notify('" + CHANNEL + "', ?)");
                    notify.setString(1, instance);
                    listeners = connection.prepareStatement(
                            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                    + "AND application_name = '" + LISTENER_NAME + "' AND pid <> ?");
                    backoff = 0;
                    peersKnown = false;
                }
                if (!peersKnown || System.nanoTime() - peersSeenAt >= peerCheckNanos) {
                    listeners.setInt(1, listenerPid);
                    try (ResultSet count = listeners.executeQuery()) {
                        count.next();
                        peers.set(count.getInt(1));
                    }
                    peersSeenAt = System.nanoTime();
                    peersKnown = true;
                }
                if (committed && peers.get() > 0) {
                    notify.execute();
                    sent.increment();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(connection);
                connection = null;
                if (running) {
                    backoff = failed("sending", e, backoff);
                }
            }
        }
        closeQuietly(connection);
    }

    /** Logs a failed session (its message only: no connection string) and waits before re-opening it. */
    private long failed(String what, Exception e, long backoff) {
        failures.increment();
        long next = backoff == 0 ? 100 : Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
        log.warn(
                "Cross-node wake-up: {} failed ({}: {}); readers poll meanwhile, retrying in {} ms",
                what,
                e.getClass().getSimpleName(),
                e.getMessage(),
                next);
        try {
            TimeUnit.MILLISECONDS.sleep(next);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
        return next;
    }

    private static void join(Thread thread) {
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException | RuntimeException ignored) {
            // The session is being dropped anyway.
        }
    }
}
