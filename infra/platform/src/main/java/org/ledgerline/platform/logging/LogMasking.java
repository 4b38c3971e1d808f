package org.ledgerline.platform.logging;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks personal data and secrets in a log text, whatever logged it (our code, Spring, Axon, a driver's exception):
 * e-mail addresses, values of password/secret/token/key fields, bearer tokens and JWTs, and values of name and address
 * fields. The last line of defence; code still must not log such values on purpose.
 */
public final class LogMasking {

    static final String MASK = "***";

    private record Rule(Pattern pattern, String replacement) {}

    private static final List<Rule> RULES = List.of(
            // A JWT (header.payload.signature, each base64url; headers always start with {"  = eyJ).
            new Rule(Pattern.compile("eyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*"), MASK),
            new Rule(Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]+"), "$1 " + MASK),
            // key=value, key: value, "key":"value" for secret-bearing keys (also accessToken, api_key, ...).
            new Rule(
                    Pattern.compile("(?i)(\\w*(?:password|passwd|secret|token|api[_-]?key|private[_-]?key"
                            + "|authorization|credential)\\w*\"?\\s*[:=]\\s*\"?)([^\"\\s,;&}\\]]+)"),
                    "$1" + MASK),
            new Rule(
                    Pattern.compile("([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+"),
                    "$1" + MASK + "@" + MASK),
            // Names and addresses only appear as fields: mask the value of such a field.
            new Rule(
                    Pattern.compile("(?i)(\\b(?:name|fullName|line1|line2|address|shippingAddress|street|city"
                            + "|postalCode)\"?\\s*[:=]\\s*\"?)([^\",;}\\])\\n]+)"),
                    "$1" + MASK));

    private LogMasking() {}

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (Rule rule : RULES) {
            Matcher matcher = rule.pattern().matcher(masked);
            if (matcher.find()) {
                masked = matcher.replaceAll(rule.replacement());
            }
        }
        return masked;
    }
}
