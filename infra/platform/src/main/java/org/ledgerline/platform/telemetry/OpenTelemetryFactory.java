package org.ledgerline.platform.telemetry;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The OpenTelemetry SDK as the standard {@code OTEL_*} environment variables (or {@code otel.*} system properties)
 * describe it, with defaults that suit an embedded dev run: traces go nowhere unless an OTLP endpoint or an exporter
 * is named, so no collector is needed and nothing logs export errors. Metrics and logs never go through OTLP here
 * (metrics: Prometheus; logs: stdout).
 */
final class OpenTelemetryFactory {

    private OpenTelemetryFactory() {
    }

    static OpenTelemetrySdk create(Function<String, String> environment) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                                             .addPropertiesSupplier(() -> defaults(environment))
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
        defaults.put("otel.metrics.exporter", "none");
        defaults.put("otel.logs.exporter", "none");
        defaults.put("otel.service.name", "ledgerline");
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        return defaults;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
