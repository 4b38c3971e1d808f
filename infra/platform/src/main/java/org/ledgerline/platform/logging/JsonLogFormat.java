package org.ledgerline.platform.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * The production log format (profile {@code prod}): one JSON object per line with {@code @timestamp}, {@code level},
 * {@code logger}, {@code thread}, {@code message}, {@code trace_id}, {@code span_id}, {@code request_id}, the rest of
 * the MDC under {@code mdc}, and {@code stack_trace}; message and stack trace pass through {@link LogMasking}.
 */
public class JsonLogFormat implements StructuredLogFormatter<ILoggingEvent> {

    private final ThrowableProxyConverter throwables = new ThrowableProxyConverter();
    private final JsonWriter<ILoggingEvent> writer = JsonWriter.<ILoggingEvent>of(members -> {
                members.add(
                        "@timestamp",
                        event -> Instant.ofEpochMilli(event.getTimeStamp()).toString());
                members.add("level", event -> event.getLevel().toString());
                members.add("logger", ILoggingEvent::getLoggerName);
                members.add("thread", ILoggingEvent::getThreadName);
                members.add("message", event -> LogMasking.mask(event.getFormattedMessage()));
                members.add("trace_id", event -> event.getMDCPropertyMap().get("traceId"))
                        .whenNotNull();
                members.add("span_id", event -> event.getMDCPropertyMap().get("spanId"))
                        .whenNotNull();
                members.add("request_id", event -> event.getMDCPropertyMap().get("requestId"))
                        .whenNotNull();
                members.add("mdc", JsonLogFormat::otherMdc).whenNot(Map::isEmpty);
                members.add("stack_trace", this::stackTrace).whenNotNull();
            })
            .withNewLineAtEnd();

    public JsonLogFormat() {
        throwables.start();
    }

    @Override
    public String format(ILoggingEvent event) {
        return writer.writeToString(event);
    }

    private String stackTrace(ILoggingEvent event) {
        return event.getThrowableProxy() == null ? null : LogMasking.mask(throwables.convert(event));
    }

    private static Map<String, String> otherMdc(ILoggingEvent event) {
        Map<String, String> rest = new TreeMap<>();
        event.getMDCPropertyMap().forEach((key, value) -> {
            if (!key.equals("traceId") && !key.equals("spanId") && !key.equals("requestId")) {
                rest.put(key, LogMasking.mask(value));
            }
        });
        return rest;
    }
}
