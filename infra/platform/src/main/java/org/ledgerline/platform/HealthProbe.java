package org.ledgerline.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * A container health check for images without a shell or curl (the production image): {@code GET} a health group on
 * the management port, exit 0 on 200, 1 on anything else or no answer. Plain JDK, no Spring, so it starts in a
 * fraction of a second from the image's own classes:
 *
 * <pre>java -cp /app/classes org.ledgerline.platform.HealthProbe http://localhost:8081/actuator/health/readiness</pre>
 *
 * Used by the Compose file's healthcheck (infra/deploy/compose); Kubernetes probes the same paths itself.
 */
public final class HealthProbe {

    static final String DEFAULT_URL = "http://localhost:8081/actuator/health/readiness";
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private HealthProbe() {}

    public static void main(String[] args) {
        System.exit(probe(args.length > 0 ? args[0] : DEFAULT_URL, System.out));
    }

    /** 0 when {@code url} answers 200, else 1; one line on {@code out} saying what it saw. */
    static int probe(String url, PrintStream out) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            out.println("not a URL: " + url);
            return 1;
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            out.println("not an http(s) URL: " + url);
            return 1;
        }
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout((int) TIMEOUT.toMillis());
            connection.setReadTimeout((int) TIMEOUT.toMillis());
            connection.setInstanceFollowRedirects(false);
            int status = connection.getResponseCode();
            drain(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            out.println(uri + " " + status);
            return status == 200 ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            out.println(uri + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    private static void drain(InputStream body) throws IOException {
        if (body != null) {
            try (body) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        }
    }
}
