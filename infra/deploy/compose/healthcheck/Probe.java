// The platform containers' Compose healthcheck: GET a health group on the management port, exit 0 on 200, else 1.
// Run by the image's own java in source-file mode (the image has no shell or curl; source-file mode needs the
// runtime's jdk.compiler module, which Debian's and distroless's Java runtimes have):
//   java /healthcheck/Probe.java http://localhost:8081/actuator/health/readiness
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

class Probe {
    public static void main(String[] args) {
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(args[0]))
                    .timeout(Duration.ofSeconds(3))
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            System.out.println(args[0] + " " + status);
            System.exit(status == 200 ? 0 : 1);
        } catch (Exception e) {
            System.out.println(args[0] + " " + e);
            System.exit(1);
        }
    }
}
