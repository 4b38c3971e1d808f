package org.ledgerline.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.junit.jupiter.api.Test;

class UnrecordedSpansTest {

    private final AtomicInteger asked = new AtomicInteger();
    private final SpanAttributesProvider counting = message -> {
        asked.incrementAndGet();
        return Map.of("probe", "yes");
    };

    @Test
    void with_the_default_setup_spans_keep_their_ids_but_no_attribute_provider_is_asked() {
        try (OpenTelemetrySdk sdk = OpenTelemetryFactory.create(name -> null)) {
            SpanFactory spans = new TelemetryAutoConfiguration().spanFactory(sdk);
            spans.registerSpanAttributeProvider(counting);

            Span span = spans.createLinkedHandlerSpan(() -> "handle", GenericEventMessage.asEventMessage("event"));
            boolean validInside = span.runSupplier(() ->
                    io.opentelemetry.api.trace.Span.current().getSpanContext().isValid());

            assertThat(validInside).as("log lines still get trace and span ids").isTrue();
            assertThat(asked).hasValue(0);
        }
    }

    @Test
    void when_spans_are_recorded_they_carry_the_providers_attributes() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder()
                        .setSampler(Sampler.parentBased(Sampler.alwaysOn()))
                        .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build()) {
            SpanFactory spans = new TelemetryAutoConfiguration().spanFactory(sdk);
            spans.registerSpanAttributeProvider(counting);

            spans.createLinkedHandlerSpan(() -> "handle", GenericEventMessage.asEventMessage("event"))
                    .start()
                    .end();

            assertThat(asked).hasValue(1);
            assertThat(exporter.getFinishedSpanItems())
                    .singleElement()
                    .satisfies(span ->
                            assertThat(span.getAttributes().asMap().toString()).contains("probe=yes"));
        }
    }
}
