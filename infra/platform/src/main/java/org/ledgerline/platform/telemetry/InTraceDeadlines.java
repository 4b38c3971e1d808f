package org.ledgerline.platform.telemetry;

import java.util.List;
import java.util.function.BiFunction;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;

/**
 * Deadline firings in the trace that scheduled them. Axon's default makes a deadline's execution a new root span
 * that only <em>links</em> to its scheduler, so a step timeout would not show in the order's trace; here the
 * execution is a child of the {@code DeadlineManager.scheduleDeadline} span. That needs the schedule span's context
 * in the deadline message, which the db-scheduler deadline manager does not write itself: {@link #propagation()} is
 * its dispatch interceptor that does (it runs inside the schedule span, and the metadata is stored with the
 * deadline, so a deadline that fires after a restart is still in its trace).
 */
class InTraceDeadlines extends DefaultDeadlineManagerSpanFactory {

    private final SpanFactory spanFactory;

    InTraceDeadlines(SpanFactory spanFactory) {
        super(DefaultDeadlineManagerSpanFactory.builder().spanFactory(spanFactory));
        this.spanFactory = spanFactory;
    }

    @Override
    public Span createExecuteSpan(String deadlineName, String deadlineId, DeadlineMessage<?> message) {
        return spanFactory
                .createChildHandlerSpan(() -> "DeadlineManager.executeDeadline(" + deadlineName + ")", message)
                .addAttribute("axon.deadlineId", deadlineId);
    }

    /** Writes the current trace context (the schedule span's) into each deadline message's metadata. */
    MessageDispatchInterceptor<DeadlineMessage<?>> propagation() {
        return new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, DeadlineMessage<?>, DeadlineMessage<?>> handle(
                    List<? extends DeadlineMessage<?>> messages) {
                return (index, message) -> spanFactory.propagateContext(message);
            }
        };
    }
}
