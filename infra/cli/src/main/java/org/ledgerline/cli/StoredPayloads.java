package org.ledgerline.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Event payloads exactly as stored: parsed into a tree and written again, Jackson would turn {@code 1e+26} into
 * {@code 1.0E26} and round long decimals, so a payload is kept as its text and written raw.
 */
final class StoredPayloads {

    private StoredPayloads() {}

    /** The stored bytes, raw when they are one strict JSON value, else as their text in a JSON string. */
    static JsonNode asStored(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        return isOneJsonValue(text) ? raw(text) : JsonNodeFactory.instance.textNode(text);
    }

    static JsonNode raw(String json) {
        return JsonNodeFactory.instance.rawValueNode(new RawValue(json));
    }

    /** The text of each {@code items[].payload} in an events page, as the platform sent it. */
    static List<String> payloadsOfPage(String page) throws IOException {
        List<String> payloads = new ArrayList<>();
        try (JsonParser parser = PlatformClient.JSON.getFactory().createParser(page)) {
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                JsonStreamContext item = parser.getParsingContext();
                if (token == JsonToken.FIELD_NAME
                        && "payload".equals(parser.currentName())
                        && item.getParent() != null
                        && item.getParent().inArray()
                        && item.getParent().getParent() != null
                        && "items".equals(item.getParent().getParent().getCurrentName())) {
                    parser.nextToken();
                    int start = (int) parser.currentTokenLocation().getCharOffset();
                    parser.skipChildren();
                    int end = (int) parser.currentLocation().getCharOffset();
                    payloads.add(page.substring(start, end));
                }
            }
        }
        return payloads;
    }

    private static boolean isOneJsonValue(String text) {
        try (JsonParser parser = PlatformClient.JSON.getFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }
}
