package org.ledgerline.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The platform's settings as the class path and the README know them: the {@code ledgerline.*} properties of the
 * Spring configuration metadata (generated from the {@code @ConfigurationProperties} records of every module), the
 * {@code ${LEDGERLINE_X:...}} placeholders of {@code application.yaml} / {@code application-prod.yaml}, and the rows of
 * README.md's configuration table — and how a {@code LEDGERLINE_*} environment variable maps to a property (the
 * placeholder, else Spring's relaxed binding: {@code LEDGERLINE_REPLAY_POLL_INTERVAL} is
 * {@code ledgerline.replay.poll-interval}). Used by the platform's {@code ConfigurationTableTest} (README against the
 * metadata) and by the deployment tests (every variable a manifest sets is a setting the platform reads). Needs the
 * platform's resources on the class path.
 */
public final class ConfigurationVariables {

    /** README variables that are no Spring property of the platform, and what reads them instead. */
    public static final Map<String, String> NOT_PROPERTIES = Map.of(
            "LEDGERLINE_JAVA_OPTS", "bin/run-platform (JVM options)",
            "LEDGERLINE_URL", "the CLI (its platform)",
            "LEDGERLINE_TOKEN", "the CLI (its ADMIN token)",
            "LEDGERLINE_CLI_DB_URL", "the CLI (its offline database)",
            "LEDGERLINE_<NAME>_FILE", "SecretFilesEnvironmentPostProcessor (any variable read from a file)",
            "LEDGERLINE_<NAME>", "the same row's wording for any of the variables above");

    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final Pattern VARIABLE = Pattern.compile("LEDGERLINE_(?:[A-Z0-9]|<[A-Z]+>)(?:[A-Z0-9_]|<[A-Z]+>)*");
    private static final Pattern SHORTHAND = Pattern.compile("`(_[A-Z0-9_]+)`");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(LEDGERLINE_[A-Z0-9_]+)(?::[^}]*)?}");

    private final Map<String, String> properties;
    private final Map<String, String> placeholders;

    private ConfigurationVariables(Map<String, String> properties, Map<String, String> placeholders) {
        this.properties = properties;
        this.placeholders = placeholders;
    }

    /** The settings of the class path: its configuration metadata and application.yaml placeholders. */
    public static ConfigurationVariables fromClassPath() {
        return new ConfigurationVariables(metadata(), classPathPlaceholders());
    }

    /** These properties (name to type) and placeholders (variable to property) instead of the class path's. */
    public static ConfigurationVariables of(Map<String, String> properties, Map<String, String> placeholders) {
        return new ConfigurationVariables(properties, placeholders);
    }

    /** Every {@code ledgerline.*} property of the metadata, name to type. */
    public Map<String, String> properties() {
        return properties;
    }

    /** {@code LEDGERLINE_X} to the property whose value application.yaml (any profile) takes from it. */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    /**
     * Why the platform would not read {@code variable}, or {@code null} when it does: the variable must be an
     * application.yaml placeholder of a bound property or the environment form of a {@code ledgerline.*} property
     * of the metadata. {@code LEDGERLINE_X_FILE} (any variable read from a file, docs/security.md) is read when
     * {@code LEDGERLINE_X} is.
     */
    public String problemWith(String variable) {
        String property = propertyOf(variable);
        if (property == null && variable.endsWith("_FILE")) {
            property = propertyOf(variable.substring(0, variable.length() - "_FILE".length()));
        }
        if (property == null) {
            return variable + " is no property: neither an application.yaml placeholder nor the environment form of a "
                    + "ledgerline.* property in the metadata";
        }
        if (property.startsWith("ledgerline.") && !properties.containsKey(property)) {
            return variable + " sets " + property + " in application.yaml, which no @ConfigurationProperties record "
                    + "binds";
        }
        return null;
    }

    /** The property {@code variable} sets (placeholder first, then relaxed binding), or {@code null}. */
    public String propertyOf(String variable) {
        return placeholders.containsKey(variable) ? placeholders.get(variable) : relaxed(variable);
    }

    /** What disagrees between the README table's rows and the properties the metadata knows. */
    public List<String> tableProblems(List<String> rows) {
        List<String> problems = new ArrayList<>();
        Set<String> named = new TreeSet<>();
        for (String row : rows) {
            for (String variable : variables(row)) {
                if (NOT_PROPERTIES.containsKey(variable)) {
                    continue;
                }
                String property = propertyOf(variable);
                if (property == null) {
                    problems.add(variable + " (README) is no property: neither an application.yaml placeholder nor "
                            + "the environment form of a ledgerline.* property in the metadata");
                } else if (property.startsWith("ledgerline.") && !properties.containsKey(property)) {
                    problems.add(variable + " (README) sets " + property + " in application.yaml, which no "
                            + "@ConfigurationProperties record binds");
                } else {
                    named.add(property);
                }
            }
        }
        properties.keySet().stream()
                .filter(property -> !named.contains(property))
                .forEach(property -> problems.add(property + " is in the configuration metadata but no row of "
                        + "README.md's configuration table names it (as "
                        + environmentForm(property, "_") + " or through "
                        + "application.yaml)"));
        return problems;
    }

    /**
     * The variables a row names, in order; {@code `_CHARGE_PAYMENT`} after {@code LEDGERLINE_SAGA_TIMEOUT_RESERVE_STOCK}
     * stands for {@code LEDGERLINE_SAGA_TIMEOUT_CHARGE_PAYMENT} (as many trailing words replaced as it has).
     */
    public static Set<String> variables(String row) {
        Set<String> variables = new LinkedHashSet<>();
        Matcher full = VARIABLE.matcher(row);
        while (full.find()) {
            variables.add(full.group().replaceAll("_+$", ""));
        }
        String firstCell = row.split("\\|")[1];
        Matcher firstFull = VARIABLE.matcher(firstCell);
        if (firstFull.find()) {
            List<String> words = List.of(firstFull.group().split("_"));
            Matcher shorthand = SHORTHAND.matcher(firstCell);
            while (shorthand.find()) {
                List<String> tail = List.of(shorthand.group(1).substring(1).split("_"));
                List<String> expanded = new ArrayList<>(words.subList(0, words.size() - tail.size()));
                expanded.addAll(tail);
                variables.add(String.join("_", expanded));
            }
        }
        return variables;
    }

    /**
     * The property Spring's relaxed binding gives {@code variable}: upper case, {@code .} as {@code _}, and {@code -}
     * as {@code _} or left out; a map property takes any variable that continues its own with {@code _KEY}.
     */
    private String relaxed(String variable) {
        for (Map.Entry<String, String> property : properties.entrySet()) {
            for (String dash : List.of("_", "")) {
                String form = environmentForm(property.getKey(), dash);
                if (variable.equals(form)) {
                    return property.getKey();
                }
                if (property.getValue().startsWith("java.util.Map") && variable.startsWith(form + "_")) {
                    return property.getKey();
                }
            }
        }
        return null;
    }

    private static String environmentForm(String property, String dash) {
        return property.toUpperCase(Locale.ROOT).replace(".", "_").replace("-", dash);
    }

    /** The rows of the table under README.md's "## Configuration", header and separator left out. */
    public static List<String> readmeTable() {
        List<String> lines;
        try {
            lines = Files.readAllLines(repositoryRoot().resolve("README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int heading = lines.indexOf("## Configuration");
        if (heading < 0) {
            throw new IllegalStateException("README.md has no '## Configuration' section");
        }
        List<String> rows = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("|")) {
                rows.add(line);
            } else if (!rows.isEmpty() || line.startsWith("#")) {
                break;
            }
        }
        if (rows.size() <= 10) {
            throw new IllegalStateException("README.md's configuration table has only " + rows.size() + " lines");
        }
        return rows.subList(2, rows.size());
    }

    /** Every {@code ledgerline.*} property of the metadata on the class path (all modules), name to type. */
    public static Map<String, String> metadata() {
        Map<String, String> properties = new TreeMap<>();
        for (JsonNode file : metadataFiles()) {
            for (JsonNode property : file.path("properties")) {
                String name = property.path("name").asString();
                if (name.startsWith("ledgerline.")) {
                    properties.put(name, property.path("type").asString(""));
                }
            }
        }
        return properties;
    }

    /** Every {@code META-INF/spring-configuration-metadata.json} on the class path, parsed. */
    public static List<JsonNode> metadataFiles() {
        JsonMapper json = JsonMapper.builder().build();
        List<JsonNode> files = new ArrayList<>();
        try {
            for (URL url : Collections.list(classLoader().getResources(METADATA))) {
                try (InputStream in = url.openStream()) {
                    files.add(json.readTree(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static Map<String, String> classPathPlaceholders() {
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (String resource : List.of("application.yaml", "application-prod.yaml")) {
            try (InputStream in = classLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is not on the class path (the platform's resources)");
                }
                Map<String, Object> yaml = new Yaml().load(in);
                flatten("", yaml, placeholders);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return placeholders;
    }

    @SuppressWarnings("unchecked")
    private static void flatten(String prefix, Map<String, Object> yaml, Map<String, String> placeholders) {
        yaml.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name, (Map<String, Object>) nested, placeholders);
            } else if (value instanceof String text) {
                Matcher placeholder = PLACEHOLDER.matcher(text);
                while (placeholder.find()) {
                    placeholders.put(placeholder.group(1), name);
                }
            }
        });
    }

    private static ClassLoader classLoader() {
        return ConfigurationVariables.class.getClassLoader();
    }

    /** The checkout's root: the nearest folder above the working directory with README.md and mvnw. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "No README.md with mvnw above " + Path.of("").toAbsolutePath());
    }
}
