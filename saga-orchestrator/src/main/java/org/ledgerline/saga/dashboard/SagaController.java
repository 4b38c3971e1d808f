package org.ledgerline.saga.dashboard;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ledgerline.http.Access;
import org.ledgerline.http.Caller;
import org.ledgerline.http.ForbiddenException;
import org.ledgerline.kernel.IllegalTransitionException;
import org.ledgerline.kernel.InvalidCommandException;
import org.ledgerline.kernel.NotFoundException;
import org.ledgerline.saga.api.SagaState;
import org.ledgerline.saga.journal.SagaDetail;
import org.ledgerline.saga.journal.SagaPage;
import org.ledgerline.saga.journal.SagaViews;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The saga admin API (docs/api.md, "Sagas"): ADMIN only, by the security rule and checked again here. */
@RestController
@RequestMapping("/api/v1/sagas")
@Access(Access.Rule.ADMIN)
class SagaController {

    static final int MAX_LIMIT = 200;
    static final int MAX_BATCH = 500;

    private final SagaViews views;
    private final SagaAdmin admin;
    private final SagaStream stream;

    SagaController(SagaViews views, SagaAdmin admin, SagaStream stream) {
        this.views = views;
        this.admin = admin;
        this.stream = stream;
    }

    record ActionResult(String sagaId, String action) {}

    record BatchRequest(String action, List<String> sagaIds, String allInState) {}

    record Refusal(String sagaId, String reason) {}

    record BatchResult(String action, int requested, int accepted, List<Refusal> refused) {}

    @GetMapping
    SagaPage list(
            Caller caller,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String olderThan,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) String limit) {
        requireAdmin(caller);
        return views.list(state == null ? null : state(state, "state"), duration(olderThan), cursor, limit(limit));
    }

    @GetMapping("/counts")
    Map<SagaState, Long> counts(Caller caller) {
        requireAdmin(caller);
        return views.counts();
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(Caller caller) {
        requireAdmin(caller);
        return stream.open();
    }

    @GetMapping("/{sagaId}")
    SagaDetail detail(Caller caller, @PathVariable String sagaId) {
        requireAdmin(caller);
        return views.find(sagaId).orElseThrow(() -> new NotFoundException("No saga " + sagaId));
    }

    @PostMapping("/{sagaId}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ActionResult retry(Caller caller, @PathVariable String sagaId) {
        requireAdmin(caller);
        admin.retry(sagaId, caller.userId());
        return new ActionResult(sagaId, "retry");
    }

    @PostMapping("/{sagaId}/compensate")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ActionResult compensate(Caller caller, @PathVariable String sagaId) {
        requireAdmin(caller);
        admin.compensate(sagaId, caller.userId());
        return new ActionResult(sagaId, "compensate");
    }

    @PostMapping("/batch")
    BatchResult batch(Caller caller, @RequestBody BatchRequest request) {
        requireAdmin(caller);
        if (request == null
                || request.action() == null
                || !List.of("retry", "compensate").contains(request.action())) {
            throw new InvalidCommandException("action is retry or compensate");
        }
        if ((request.sagaIds() == null) == (request.allInState() == null)) {
            throw new InvalidCommandException("Name either sagaIds or allInState, not both and not neither");
        }
        List<String> ids;
        if (request.sagaIds() != null) {
            if (request.sagaIds().size() > MAX_BATCH) {
                throw new InvalidCommandException("sagaIds holds at most " + MAX_BATCH + " ids");
            }
            if (request.sagaIds().stream().anyMatch(id -> id == null || id.isBlank())) {
                throw new InvalidCommandException("sagaIds holds saga ids, never null or blank");
            }
            ids = request.sagaIds();
        } else {
            ids = views.idsInState(state(request.allInState(), "allInState"), MAX_BATCH);
        }
        List<Refusal> refused = new ArrayList<>();
        for (String sagaId : new LinkedHashSet<>(ids)) {
            try {
                if (request.action().equals("retry")) {
                    admin.retry(sagaId, caller.userId());
                } else {
                    admin.compensate(sagaId, caller.userId());
                }
            } catch (NotFoundException e) {
                refused.add(new Refusal(sagaId, "unknown saga"));
            } catch (IllegalTransitionException e) {
                refused.add(new Refusal(sagaId, e.getMessage()));
            }
        }
        return new BatchResult(request.action(), ids.size(), ids.size() - refused.size(), refused);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an admin may see or steer sagas");
        }
    }

    private static SagaState state(String value, String parameter) {
        try {
            return SagaState.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException(parameter + " is one of " + List.of(SagaState.values()));
        }
    }

    private static Duration duration(String value) {
        if (value == null) {
            return null;
        }
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative()) {
                throw new InvalidCommandException("olderThan is not negative");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new InvalidCommandException("olderThan is an ISO-8601 duration such as PT5M");
        }
    }

    private static int limit(String value) {
        if (value == null) {
            return 50;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw new InvalidCommandException("limit is 1 to " + MAX_LIMIT);
    }
}
