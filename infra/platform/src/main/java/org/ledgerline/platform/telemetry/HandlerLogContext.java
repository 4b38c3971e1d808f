package org.ledgerline.platform.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

/**
 * Puts the trace and span id of the message being handled (Axon's handler span) and the originating request id
 * (carried in the metadata as {@code requestId}) into the logging MDC on processor and command threads, so a log
 * line written while projecting an order names the same trace as the HTTP request that placed it.
 */
class HandlerLogContext<T extends Message<?>> implements MessageHandlerInterceptor<T> {

    @Override
    public Object handle(UnitOfWork<? extends T> unitOfWork, InterceptorChain chain) throws Exception {
        String previousTrace = MDC.get("traceId");
        String previousSpan = MDC.get("spanId");
        String previousRequest = MDC.get("requestId");
        SpanContext context = Span.current().getSpanContext();
        if (context.isValid()) {
            MDC.put("traceId", context.getTraceId());
            MDC.put("spanId", context.getSpanId());
        }
        Object requestId = unitOfWork.getMessage().getMetaData().get(ActorMetadata.REQUEST_ID);
        if (requestId != null) {
            MDC.put("requestId", requestId.toString());
        }
        try {
            return chain.proceed();
        } finally {
            restore("traceId", previousTrace);
            restore("spanId", previousSpan);
            restore("requestId", previousRequest);
        }
    }

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
