package org.ledgerline.platform.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenTelemetryFactoryTest {

    @Test
    void without_an_otlp_endpoint_traces_are_exported_nowhere() {
        assertThat(OpenTelemetryFactory.defaults(name -> null))
                .containsEntry("otel.traces.exporter", "none")
                .containsEntry("otel.traces.sampler", "always_off")
                .containsEntry("otel.metrics.exporter", "none")
                .containsEntry("otel.logs.exporter", "none")
                .containsEntry("otel.service.name", "ledgerline");
    }

    @Test
    void without_an_exporter_spans_are_still_real_so_logs_carry_trace_ids() {
        try (OpenTelemetrySdk sdk = OpenTelemetryFactory.create(name -> null)) {
            Span span = sdk.getTracer("test").spanBuilder("probe").startSpan();
            assertThat(span.getSpanContext().isValid()).isTrue();
            assertThat(span.isRecording()).as("nothing would export it").isFalse();
            span.end();
        }
    }

    @Test
    void an_otlp_endpoint_in_the_environment_turns_the_otlp_exporter_on() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318");
        assertThat(OpenTelemetryFactory.defaults(env::get))
                .containsEntry("otel.traces.exporter", "otlp")
                .containsEntry("otel.traces.sampler", "parentbased_always_on");
    }

    @Test
    void the_otlp_exporter_builds_with_the_jdk_http_sender_alone() {
        System.setProperty("otel.exporter.otlp.endpoint", "http://127.0.0.1:9");
        try (OpenTelemetrySdk sdk = OpenTelemetryFactory.create(name -> null)) {
            assertThat(sdk.getSdkTracerProvider().toString()).contains("OtlpHttpSpanExporter");
        } finally {
            System.clearProperty("otel.exporter.otlp.endpoint");
        }
    }

    @Test
    void a_request_id_is_accepted_only_when_short_and_plain() {
        assertThat(RequestTelemetryFilter.requestIdOf("abc-123_x.y:z")).isEqualTo("abc-123_x.y:z");
        assertThat(RequestTelemetryFilter.requestIdOf("has space")).hasSize(36);
        assertThat(RequestTelemetryFilter.requestIdOf("x".repeat(129))).hasSize(36);
        assertThat(RequestTelemetryFilter.requestIdOf(null)).hasSize(36);
    }
}
