package org.ledgerline.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ledgerline.kernel.InvalidCommandException;

/** Reads the aggregate version a client expects from an {@code If-Match: "<version>"} header. */
public final class IfMatch {

    private static final Pattern VERSION = Pattern.compile("^(?:W/)?\"?(\\d{1,18})\"?$");

    private IfMatch() {}

    /** The expected version, or {@code null} when the header is absent or {@code *} (no expectation). */
    public static Long expectedVersion(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher matcher = VERSION.matcher(header.trim());
        if (!matcher.matches()) {
            throw new InvalidCommandException(
                    "If-Match must be the version from an ETag, like \"3\" (quotes included); got " + header.trim());
        }
        return Long.parseLong(matcher.group(1));
    }
}
