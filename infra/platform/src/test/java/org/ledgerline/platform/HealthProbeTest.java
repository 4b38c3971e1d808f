package org.ledgerline.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container health check: 0 only for a 200, 1 for every other answer and for no answer at all. */
class HealthProbeTest {

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void ready_is_0() throws IOException {
        assertThat(HealthProbe.probe(serve(200, "{\"status\":\"UP\"}"), out)).isZero();
        assertThat(said.toString(StandardCharsets.UTF_8)).contains(" 200");
    }

    @Test
    void out_of_service_is_1() throws IOException {
        assertThat(HealthProbe.probe(serve(503, "{\"status\":\"OUT_OF_SERVICE\"}"), out))
                .isEqualTo(1);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains(" 503");
    }

    @Test
    void a_redirect_is_not_health() throws IOException {
        assertThat(HealthProbe.probe(serve(302, ""), out)).isEqualTo(1);
    }

    @Test
    void nothing_listening_is_1() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(HealthProbe.probe("http://127.0.0.1:" + port + "/actuator/health/readiness", out))
                .isEqualTo(1);
        assertThat(said.toString(StandardCharsets.UTF_8)).contains("ConnectException");
    }

    @Test
    void not_an_http_url_is_1() {
        assertThat(HealthProbe.probe("file:///etc/passwd", out)).isEqualTo(1);
        assertThat(HealthProbe.probe("::not a url::", out)).isEqualTo(1);
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/actuator/health/readiness", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/actuator/health/readiness";
    }
}
