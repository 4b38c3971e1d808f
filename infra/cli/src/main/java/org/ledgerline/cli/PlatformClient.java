package org.ledgerline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The platform's admin API over {@code java.net.http}: JSON in and out, problem+json answers turned into one
 * sentence (4xx about what the user typed: usage, exit 2; the rest: failure, exit 1).
 */
final class PlatformClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String token;
    private final boolean anonymous;

    PlatformClient(String url, String token) {
        this(url, token, false);
    }

    private PlatformClient(String url, String token, boolean anonymous) {
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
        this.anonymous = anonymous;
    }

    /** Without a token: for signing in. */
    static PlatformClient anonymous(String url) {
        return new PlatformClient(url, null, true);
    }

    String base() {
        return base;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    /** The answer's text as sent (after the same checks as {@link #get(String)}), for what must not be reparsed. */
    String getText(String path) {
        String[] text = new String[1];
        send("GET", path, null, text);
        return text[0];
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    JsonNode delete(String path) {
        return send("DELETE", path, null);
    }

    static String query(Map<String, ?> parameters) {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        new LinkedHashMap<>(parameters).forEach((name, value) -> {
            if (value != null) {
                query.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, Object body) {
        return send(method, path, body, null);
    }

    private JsonNode send(String method, String path, Object body, String[] text) {
        URI uri;
        try {
            uri = URI.create(base + path);
        } catch (IllegalArgumentException e) {
            throw CliException.usage("Not a URL: " + base + " (--url / LEDGERLINE_URL)");
        }
        if (!anonymous && (token == null || token.isBlank())) {
            throw CliException.usage("No token: pass --token or --token-file, or set LEDGERLINE_TOKEN or "
                    + "LEDGERLINE_TOKEN_FILE (an ADMIN token, e.g. from 'ledgerline login "
                    + "--email <admin e-mail>')");
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).header("Accept", "application/json");
        if (!anonymous) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            request.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = answer(method, path, response);
            if (text != null) {
                text[0] = response.body();
            }
            return answer;
        } catch (ConnectException | HttpConnectTimeoutException e) {
            String reason =
                    e instanceof ConnectException && e.getMessage() == null ? "connection refused" : describe(e);
            throw CliException.failed("Cannot reach the platform at " + base + " (" + reason + "); is it "
                    + "running? Set --url / LEDGERLINE_URL, or use --db-url offline.");
        } catch (IOException e) {
            throw CliException.failed("Talking to the platform at " + base + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CliException.failed("Interrupted");
        }
    }

    private JsonNode answer(String method, String path, HttpResponse<String> response) throws IOException {
        int status = response.statusCode();
        JsonNode json = response.body() == null || response.body().isBlank() ? JSON.nullNode() : parse(response.body());
        if (status < 300) {
            return json;
        }
        String detail = json.path("detail").asText(json.path("title").asText(response.body()));
        String where = method + " " + base + path;
        if (anonymous && (status == 401 || status == 404)) {
            throw status == 401
                    ? CliException.failed(detail + " (401 at " + where + ")")
                    : CliException.usage(detail + " (404 at " + where + ")");
        }
        if (status == 401) {
            throw CliException.failed("The platform refused the token (401) at " + where
                    + ": it is missing, expired or signed with another key.");
        }
        if (status == 403) {
            throw CliException.failed("The token is not an ADMIN's (403) at " + where + ".");
        }
        if (status == 400 || status == 404 || status == 422) {
            throw CliException.usage(detail);
        }
        throw CliException.failed(detail + " (HTTP " + status + " from " + where + ")");
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
