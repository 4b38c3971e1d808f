package org.ledgerline.platform.telemetry;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK as the standard {@code OTEL_*} environment variables (or {@code otel.*} system properties)
 * describe it, with defaults that suit an embedded dev run: traces go nowhere unless an OTLP endpoint or an exporter
 * is named (and are then not even recorded, only their ids made for the logs), so no collector is needed and nothing
 * logs export errors. Metrics and logs never go through OTLP here
 * (metrics: Prometheus; logs: stdout).
 */
final class OpenTelemetryFactory {

    private OpenTelemetryFactory() {}

    static OpenTelemetrySdk create(Function<String, String> environment) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults(environment))
                .addTracerProviderCustomizer((tracing, config) -> tracing.addSpanProcessor(new KeepSpansReal()))
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /** Lowest-priority settings: any OTEL_* variable or otel.* system property wins over them. */
    static Map<String, String> defaults(Function<String, String> environment) {
        Map<String, String> defaults = new HashMap<>();
        boolean endpointNamed = present(environment.apply("OTEL_EXPORTER_OTLP_ENDPOINT"))
                || present(environment.apply("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"))
                || present(System.getProperty("otel.exporter.otlp.endpoint"))
                || present(System.getProperty("otel.exporter.otlp.traces.endpoint"));
        defaults.put("otel.traces.exporter", endpointNamed ? "otlp" : "none");
        // Nothing to export to: spans keep their ids (for the logs) but record nothing, which costs next to nothing.
        defaults.put("otel.traces.sampler", endpointNamed ? "parentbased_always_on" : "always_off");
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        defaults.put("otel.service.name", "ledgerline");
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        return defaults;
    }

    /**
     * Does nothing with a span, but is a processor: with only the SDK's no-op one (no exporter configured) the SDK
     * hands out invalid spans, and log lines would lose their trace and span ids.
     */
    private static final class KeepSpansReal implements SpanProcessor {

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {}

        @Override
        public boolean isStartRequired() {
            return false;
        }

        @Override
        public void onEnd(ReadableSpan span) {}

        @Override
        public boolean isEndRequired() {
            return true;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
