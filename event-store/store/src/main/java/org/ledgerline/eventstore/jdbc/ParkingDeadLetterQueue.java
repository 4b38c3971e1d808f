package org.ledgerline.eventstore.jdbc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A processing group's dead letters, able to park a poison event whose handler aborted the processor's transaction.
 *
 * <p>Axon writes a dead letter in the transaction of the batch that failed. When the handler's failure was a failed
 * statement, PostgreSQL has aborted that transaction: the letter's insert fails with it, the batch rolls back and the
 * processor retries the same event forever. So when the batch's transaction is aborted, the letter is written by
 * {@code own} in a transaction of its own, and the batch is then rolled back ({@link PoisonEventParkedException}) so
 * that none of its writes made after the failure are mistaken for stored ones. The processor runs the batch again;
 * this time the poison event's sequence holds a letter, so the event is found parked (not parked twice) and the
 * rest of the batch goes through. A failure that left the transaction healthy (a handler that threw before writing)
 * is parked in the batch's transaction as before, atomically with the processor's progress.
 */
public final class ParkingDeadLetterQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    public static final String PARKED_METRIC = "ledgerline.dead.letters.parked.own.transaction";

    private static final Logger log = LoggerFactory.getLogger(ParkingDeadLetterQueue.class);

    private final String group;
    private final SequencedDeadLetterQueue<EventMessage<?>> joined;
    private final SequencedDeadLetterQueue<EventMessage<?>> own;
    private final TransactionTemplate newTransaction;
    private final DataSource dataSource;
    private final Counter parked;

    /**
     * @param joined dead letters written in the caller's transaction (Axon's unit-of-work connection)
     * @param own    the same dead letters, on connections of whatever transaction is current (no unit-of-work
     *               connection), so that they can be written in a new one
     */
    public ParkingDeadLetterQueue(
            String group,
            SequencedDeadLetterQueue<EventMessage<?>> joined,
            SequencedDeadLetterQueue<EventMessage<?>> own,
            PlatformTransactionManager transactions,
            DataSource dataSource,
            MeterRegistry meters) {
        this.group = group;
        this.joined = joined;
        this.own = own;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.dataSource = dataSource;
        this.parked = Counter.builder(PARKED_METRIC)
                .description("Poison events dead-lettered in a transaction of their own because their "
                        + "handler's failure had aborted the processor's transaction")
                .tag("processor", group)
                .register(meters);
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter) {
        if (!PostgresTransactions.currentIsAborted(dataSource)) {
            joined.enqueue(sequenceIdentifier, letter);
            return;
        }
        String eventId = letter.message().getIdentifier();
        newTransaction.executeWithoutResult(status -> {
            if (!holds(own, sequenceIdentifier, eventId)) {
                own.enqueue(sequenceIdentifier, letter);
            }
        });
        parked.increment();
        // The event's id and type only: its payload may name a customer.
        log.warn(
                "Processor {} parked event {} ({}) in a transaction of its own; its batch runs again without it",
                group,
                eventId,
                letter.message().getPayloadType().getSimpleName());
        throw new PoisonEventParkedException(group, eventId);
    }

    @Override
    public boolean enqueueIfPresent(
            Object sequenceIdentifier, Supplier<DeadLetter<? extends EventMessage<?>>> letterBuilder) {
        if (!joined.contains(sequenceIdentifier)) {
            return false;
        }
        DeadLetter<? extends EventMessage<?>> letter = letterBuilder.get();
        // A batch rolled back after parking its poison event comes again with that event: it is parked already.
        if (!holds(joined, sequenceIdentifier, letter.message().getIdentifier())) {
            joined.enqueue(sequenceIdentifier, letter);
        }
        return true;
    }

    private static boolean holds(
            SequencedDeadLetterQueue<EventMessage<?>> queue, Object sequenceIdentifier, String eventId) {
        for (DeadLetter<? extends EventMessage<?>> letter : queue.deadLetterSequence(sequenceIdentifier)) {
            if (letter.message().getIdentifier().equals(eventId)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        joined.evict(letter);
    }

    @Override
    public void requeue(
            DeadLetter<? extends EventMessage<?>> letter,
            UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater) {
        joined.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return joined.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return joined.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return joined.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return joined.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return joined.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return joined.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return joined.amountOfSequences();
    }

    @Override
    public boolean process(
            Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
            Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        return joined.process(sequenceFilter, task);
    }

    @Override
    public boolean process(Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task) {
        return joined.process(task);
    }

    @Override
    public void clear() {
        joined.clear();
    }

    /** The batch of a parked poison event rolls back; the processor runs it again without the event. */
    public static final class PoisonEventParkedException extends RuntimeException {

        PoisonEventParkedException(String group, String eventId) {
            super("Processor " + group + " parked event " + eventId + " in a transaction of its own after its handler "
                    + "aborted the batch's transaction; the batch runs again without it");
        }
    }
}
