package org.ledgerline.platform.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.function.Supplier;
import org.axonframework.messaging.Message;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

/**
 * Axon's spans when the SDK records none: the spans are still made (log lines keep their trace and span ids), but
 * without the attributes no one could ever read. Axon asks every {@link SpanAttributesProvider} for every span it
 * makes, before the sampler decides; with the default setup (no exporter, sampler {@code always_off}) that was about
 * 2 % of all CPU in the bench's replication row, spent on maps that were thrown away.
 */
final class UnrecordedSpans implements SpanFactory {

    private final SpanFactory delegate;

    private UnrecordedSpans(SpanFactory delegate) {
        this.delegate = delegate;
    }

    /**
     * {@code spans} as they are when {@code openTelemetry} may record a span, else without attribute providers. Only
     * an SDK whose sampler is {@code always_off} is known to record nothing; any other sampler may record some span.
     */
    static SpanFactory unlessRecorded(SpanFactory spans, OpenTelemetry openTelemetry) {
        boolean recordsNothing = openTelemetry instanceof OpenTelemetrySdk sdk
                && Sampler.alwaysOff().equals(sdk.getSdkTracerProvider().getSampler());
        return recordsNothing ? new UnrecordedSpans(spans) : spans;
    }

    /** Not registered: nothing would read the attributes. */
    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {}

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return delegate.createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(
            Supplier<String> operationNameSupplier,
            Message<?> parentMessage,
            boolean isChildTrace,
            Message<?>... linkedParents) {
        return delegate.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(
            Supplier<String> operationNameSupplier, Message<?> parentMessage, Message<?>... linkedSiblings) {
        return delegate.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return delegate.createInternalSpan(operationNameSupplier);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return delegate.createInternalSpan(operationNameSupplier, message);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return delegate.propagateContext(message);
    }
}
