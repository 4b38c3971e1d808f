package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.ledgerline.http.TokenIssuer;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.ledgerline.testsupport.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A default start (no key configured) signs with a key of its own, generated in the data directory: no key that can be
 * read in the repository mints a token it accepts. Every string literal of 32 bytes or more in the repository's
 * sources is tried as an HS256 secret and every PEM private key as an RS256 key, the old built-in development secret
 * among them; each ADMIN token is refused with 401 problem+json. The generated key is owner-only and a second start
 * on the same data directory reuses it.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = "ledgerline.admin.email=")
class DefaultKeyIT {

    /** The development secret that the platform and the CLI held in their source until issue 19. */
    static final String OLD_DEV_SECRET = "ledgerline-dev-only-secret-change-me-in-production-0001";

    private static final Path DATA = PlatformStarts.dataDirectory("default-key");
    private static final String ADMIN_ONLY = "/api/v1/admin/processors";
    private static final Pattern STRING_LITERAL =
            Pattern.compile("\"((?:[^\"\\\\\\r\\n]|\\\\.){32,})\"|'([^'\\r\\n]{32,})'");
    private static final Pattern PRIVATE_PEM =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s\\\\n\"+]+?)-----END PRIVATE KEY-----");
    private static final Set<String> SOURCE_TYPES = Set.of(
            "java",
            "kt",
            "yaml",
            "yml",
            "properties",
            "xml",
            "json",
            "md",
            "sh",
            "env",
            "conf",
            "txt",
            "sql",
            "js",
            "html",
            "toml",
            "cfg");

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("ledgerline.embedded.data-directory", DATA::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    TokenIssuer tokens;

    @Autowired
    TokenKeys keys;

    @Test
    void no_key_found_in_the_repository_signs_a_token_the_default_start_accepts() throws Exception {
        Candidates candidates = scanRepository();
        candidates.secrets.add(OLD_DEV_SECRET);
        assertThat(candidates.secrets)
                .as("the scan finds the repository's long literals")
                .hasSizeGreaterThan(100);

        ApiClient api = new ApiClient(port, tokens);
        assertThat(api.get(ADMIN_ONLY, api.adminToken()).statusCode())
                .as("the platform's own token")
                .isEqualTo(200);
        for (String secret : candidates.secrets) {
            for (String issuer : List.of("ledgerline", "")) {
                String token = TestKeys.hs256(secret.getBytes(StandardCharsets.UTF_8), TestKeys.adminClaims(issuer));
                assertRefused(api, token, "HS256 with \"" + secret + "\"");
            }
        }
        for (String pem : candidates.privateKeys) {
            KeyPair pair = keyPair(pem);
            assertRefused(
                    api,
                    TestKeys.rs256(pair, TestKeys.kid(pair), TestKeys.adminClaims("ledgerline")),
                    "RS256 with a private key found in the repository");
            assertRefused(
                    api,
                    TestKeys.rs256(pair, keys.keyId(), TestKeys.adminClaims("ledgerline")),
                    "RS256 with a private key found in the repository and the platform's kid");
        }
        assertThat(keys.source()).isEqualTo(TokenKeys.Source.GENERATED_RSA);
    }

    @Test
    void the_generated_key_is_owner_only_and_a_second_start_reuses_it() throws Exception {
        Path file = GeneratedSigningKey.file(DATA);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        String firstToken = new ApiClient(port, tokens).adminToken();

        try (ConfigurableApplicationContext second =
                PlatformStarts.start(TestInfrastructure.newDatabase("default_key_second"), DATA, Map.of())) {
            assertThat(second.getBean(TokenKeys.class).keyId()).isEqualTo(keys.keyId());
            ApiClient api = new ApiClient(PlatformStarts.port(second), null);
            assertThat(api.get(ADMIN_ONLY, firstToken).statusCode())
                    .as("first start's token on the second start")
                    .isEqualTo(200);
        }
    }

    private static void assertRefused(ApiClient api, String token, String what) {
        HttpResponse<String> answer = api.get(ADMIN_ONLY, token);
        assertThat(answer.statusCode()).as(what).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
    }

    private record Candidates(Set<String> secrets, Set<String> privateKeys) {}

    private static Candidates scanRepository() throws IOException {
        Path root = projectRoot();
        Candidates found = new Candidates(new LinkedHashSet<>(), new LinkedHashSet<>());
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file :
                    (Iterable<Path>) files.filter(Files::isRegularFile).filter(DefaultKeyIT::isSource)::iterator) {
                String text;
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (MalformedInputException binary) {
                    continue;
                }
                Matcher literal = STRING_LITERAL.matcher(text);
                while (literal.find()) {
                    String value = literal.group(1) != null ? literal.group(1) : literal.group(2);
                    if (value.getBytes(StandardCharsets.UTF_8).length >= 32) {
                        found.secrets.add(value);
                    }
                }
                Matcher pem = PRIVATE_PEM.matcher(text);
                while (pem.find()) {
                    String base64 = base64(pem.group(1));
                    if (base64.length() >= 600) { // shorter: a placeholder in a test or a doc, not an RSA key
                        found.privateKeys.add(base64);
                    }
                }
            }
        }
        return found;
    }

    private static boolean isSource(Path file) {
        for (Path part : file) {
            String name = part.toString();
            if (name.equals("target")
                    || name.equals(".git")
                    || name.equals("node_modules")
                    || name.equals(".ledgerline")) {
                return false;
            }
        }
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0
                ? file.getParent() != null
                        && file.getParent().getFileName().toString().equals("bin")
                : SOURCE_TYPES.contains(name.substring(dot + 1));
    }

    /** From the module directory (where tests run) up to the directory holding the Maven wrapper. */
    static Path projectRoot() {
        Path directory = Path.of("").toAbsolutePath();
        while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
            directory = directory.getParent();
        }
        assertThat(directory)
                .as("project root above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return directory;
    }

    /** The base64 of a PEM body as written in a file or in string literals (quotes, + and \\n removed). */
    private static String base64(String body) {
        return body.replace("\\n", "").replaceAll("\"\\s*\\+\\s*\"", "").replaceAll("[^A-Za-z0-9+/=]", "");
    }

    private static KeyPair keyPair(String base64) throws Exception {
        var privateKey = (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        var publicKey = KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
        return new KeyPair(publicKey, privateKey);
    }
}
