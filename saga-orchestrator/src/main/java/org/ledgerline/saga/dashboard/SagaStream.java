package org.ledgerline.saga.dashboard;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.ledgerline.saga.journal.SagaChanges;
import org.ledgerline.saga.journal.SagaSummary;
import org.ledgerline.saga.journal.SagaViews;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live saga stream: after each committed change an {@code event: saga} with the saga's list item, to every
 * open stream; a comment every 15 s keeps proxies from closing idle streams. Sending runs on a thread of its own,
 * never on the saga processor's.
 */
@Component
class SagaStream {

    static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final SagaViews views;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("saga-stream").daemon(true).factory());
    private final Runnable unsubscribe;

    SagaStream(SagaViews views, SagaChanges changes) {
        this.views = views;
        this.unsubscribe = changes.subscribe(orders -> sender.execute(() -> send(orders)));
        sender.scheduleAtFixedRate(this::heartbeat, HEARTBEAT.toSeconds(), HEARTBEAT.toSeconds(), TimeUnit.SECONDS);
    }

    SseEmitter open() {
        SseEmitter emitter = new SseEmitter(0L);
        emitters.add(emitter);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(error -> emitters.remove(emitter));
        try {
            // Spring sends the response headers with the first event: without this comment a client would see its
            // stream open only at the first change or heartbeat (up to 15 s later; the dashboard shows "connecting").
            emitter.send(SseEmitter.event().comment("open"));
        } catch (IOException e) {
            emitters.remove(emitter);
        }
        return emitter;
    }

    private void send(Set<UUID> orders) {
        if (emitters.isEmpty()) {
            return;
        }
        List<SagaSummary> changed = views.summaries(orders);
        for (SseEmitter emitter : emitters) {
            try {
                for (SagaSummary saga : changed) {
                    emitter.send(SseEmitter.event().name("saga").data(saga));
                }
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    private void heartbeat() {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                emitters.remove(emitter);
            }
        }
    }

    @PreDestroy
    void close() {
        unsubscribe.run();
        sender.shutdownNow();
        emitters.forEach(SseEmitter::complete);
    }
}
