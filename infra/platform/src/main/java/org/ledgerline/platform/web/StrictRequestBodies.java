package org.ledgerline.platform.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * How the API reads request bodies: nothing is silently changed on the way in. A whole number given as a fraction
 * ({@code "quantity": 1.5}, once stored as 1) or as a string is refused; a text field holding a control character
 * (NUL, a line break, anything of Unicode category Cc) or a broken surrogate is refused ({@link PlainText}). Both are
 * 400 problems naming the field. Text fields are single-line: names, e-mails, addresses, reasons, tracking numbers
 * and passwords need none of these characters, and PostgreSQL cannot store NUL at all. Amounts stay strings or JSON
 * numbers read as {@code BigDecimal} from their text.
 */
@Configuration(proxyBeanMethods = false)
class StrictRequestBodies {

    @Bean
    JsonMapperBuilderCustomizer noSilentChangesToRequestBodies() {
        return builder -> builder.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .withCoercionConfig(
                        LogicalType.Integer,
                        config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
                .addModule(new SimpleModule("plain-text").addDeserializer(String.class, new PlainText()));
    }

    /** The same rule for query parameters, checked before any controller sees them. */
    @Bean
    FilterRegistrationBean<PlainTextParameters> plainTextParameters(ProblemResponses problems) {
        FilterRegistrationBean<PlainTextParameters> registration =
                new FilterRegistrationBean<>(new PlainTextParameters(problems));
        registration.setOrder(5);
        return registration;
    }

    /** Every string of a request body: as Jackson reads it, then refused if it holds a character no field takes. */
    static final class PlainText extends StdScalarDeserializer<String> {

        PlainText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = StringDeserializer.instance.deserialize(parser, context);
            if (text != null) {
                int forbidden = firstForbidden(text);
                if (forbidden >= 0) {
                    // The character's code, never the text: it may be a name or a password.
                    throw new InvalidTextException(
                            parser, "must not contain control characters (found U+%04X)".formatted(forbidden));
                }
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        /** The first control character or unpaired surrogate of the text, or -1. */
        static int firstForbidden(String text) {
            for (int i = 0; i < text.length(); ) {
                int codePoint = text.codePointAt(i);
                int type = Character.getType(codePoint);
                if (type == Character.CONTROL || type == Character.SURROGATE) {
                    return codePoint;
                }
                i += Character.charCount(codePoint);
            }
            return -1;
        }
    }

    /** A text field of a request body that holds a character no field takes; a 400 naming the field. */
    static final class InvalidTextException extends MismatchedInputException {

        InvalidTextException(JsonParser parser, String message) {
            super(parser, message, String.class);
        }
    }
}
