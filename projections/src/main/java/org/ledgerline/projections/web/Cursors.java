package org.ledgerline.projections.web;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.ledgerline.kernel.InvalidCommandException;

/** Opaque keyset cursors: the sort key of a page's last row, URL-safe. Clients pass them back unchanged. */
public final class Cursors {

    public static final int MAX_LIMIT = 200;

    private Cursors() {}

    public static String encode(String... sortKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("\u001f", sortKey).getBytes(StandardCharsets.UTF_8));
    }

    public static List<String> decode(String cursor, int parts) {
        try {
            String[] values =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\u001f", -1);
            if (values.length != parts) {
                throw new IllegalArgumentException("wrong cursor shape");
            }
            return List.of(values);
        } catch (IllegalArgumentException e) {
            throw new InvalidCommandException("cursor is not one this API returned");
        }
    }

    public static void requireLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidCommandException("limit is 1 to " + MAX_LIMIT);
        }
    }
}
