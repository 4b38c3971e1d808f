package org.ledgerline.platform.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Clock;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Telemetry wiring: one OpenTelemetry SDK for the whole platform (Axon's spans, the HTTP edge, the event store's
 * append and the Kafka replicator all use it), the request-id/trace filter, Ledgerline's span attributes, command
 * and processor metrics, and the log context on handler threads. A test may bring its own {@link OpenTelemetry}.
 */
@AutoConfiguration(
        beforeName = {
            "org.axonframework.springboot.autoconfig.AxonTracingAutoConfiguration",
            "org.axonframework.springboot.autoconfig.OpenTelemetryAutoConfiguration",
            "org.ledgerline.eventstore.config.EventStoreAutoConfiguration",
            "org.ledgerline.replication.kafka.ReplicationAutoConfiguration",
            // Its HTTP observation filter steps back for ours (below).
            "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration"
        })
@EnableScheduling
@EnableConfigurationProperties(MetricsProperties.class)
public class TelemetryAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(OpenTelemetry.class)
    OpenTelemetrySdk openTelemetry() {
        return OpenTelemetryFactory.create(System::getenv);
    }

    /**
     * Axon's spans on the platform's SDK (Axon's own default would use the global one, i.e. none); without their
     * attributes when the SDK records no span ({@link UnrecordedSpans}).
     */
    @Bean
    SpanFactory spanFactory(OpenTelemetry openTelemetry) {
        return UnrecordedSpans.unlessRecorded(
                OpenTelemetrySpanFactory.builder()
                        .tracer(openTelemetry.getTracer("org.axonframework"))
                        .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                        .build(),
                openTelemetry);
    }

    /** Deadline firings (the saga's step timeouts) as children of their scheduling, in the order's trace. */
    @Bean
    InTraceDeadlines deadlineManagerSpanFactory(SpanFactory spanFactory) {
        return new InTraceDeadlines(spanFactory);
    }

    @Bean
    SmartInitializingSingleton deadlineTraceContext(
            ObjectProvider<DeadlineManager> deadlineManagers, InTraceDeadlines deadlines) {
        return () -> deadlineManagers.forEach(manager -> manager.registerDispatchInterceptor(deadlines.propagation()));
    }

    @Bean
    SpanAttributesProvider ledgerlineSpanAttributes() {
        return new LedgerlineSpanAttributes();
    }

    @Bean
    FilterRegistrationBean<RequestTelemetryFilter> requestTelemetryFilter(
            OpenTelemetry openTelemetry, ObjectProvider<MeterRegistry> meters) {
        FilterRegistrationBean<RequestTelemetryFilter> registration = new FilterRegistrationBean<>(
                new RequestTelemetryFilter(openTelemetry, meters.getIfAvailable(SimpleMeterRegistry::new)));
        // Before Spring Security: a 401 or 403 also gets its request id, span and access-log line.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /**
     * One observation per request: {@link RequestTelemetryFilter} records {@code http.server.requests} with the span
     * it already makes, so Spring's {@code ServerHttpObservationFilter} (a second timing of every request, its
     * observation context, convention and handler calls) is registered disabled, which keeps Spring Boot from adding
     * its own.
     */
    @Bean
    FilterRegistrationBean<ServerHttpObservationFilter> webMvcObservationFilter() {
        FilterRegistrationBean<ServerHttpObservationFilter> registration =
                new FilterRegistrationBean<>(new ServerHttpObservationFilter(ObservationRegistry.NOOP));
        registration.setEnabled(false);
        return registration;
    }

    @Bean
    ActorMetadata actorMetadata() {
        return new ActorMetadata();
    }

    /** Axon's default correlation (correlation and trace ids) plus who sent the command and the request's id. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider actorCorrelation() {
        return new SimpleCorrelationDataProvider(ActorMetadata.ACTOR, ActorMetadata.REQUEST_ID);
    }

    @Bean
    CommandMetrics commandMetrics(MeterRegistry meters) {
        return new CommandMetrics(meters);
    }

    @Bean
    HandlerLogContext<CommandMessage<?>> commandLogContext() {
        return new HandlerLogContext<>();
    }

    @Bean
    HandlerLogContext<EventMessage<?>> eventLogContext() {
        return new HandlerLogContext<>();
    }

    @Bean
    ProcessorMetrics ledgerlineProcessorMetrics(
            EventProcessingConfiguration processing,
            EventStore eventStore,
            JdbcTemplate jdbc,
            MeterRegistry meters,
            MetricsProperties properties) {
        return new ProcessorMetrics(
                processing, eventStore, jdbc, meters, Clock.systemUTC(), properties.processorInterval());
    }
}
