package org.ledgerline.platform.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Secrets as files, the way Kubernetes and Docker mount them: for every environment variable
 * {@code LEDGERLINE_<NAME>_FILE=/path}, {@code LEDGERLINE_<NAME>} becomes the file's content (one trailing newline
 * removed), e.g. {@code LEDGERLINE_JWT_SECRET_FILE=/run/secrets/jwt-secret}. A file that cannot be read stops the
 * start with one sentence naming the variable; so does setting both {@code LEDGERLINE_<NAME>} and its {@code _FILE}.
 * Runs before the configuration files are read, so {@code ${LEDGERLINE_<NAME>}} placeholders see the value.
 * (Spring's own {@code spring.config.import=optional:configtree:/run/secrets/} is the other way: file names become
 * property names.)
 */
public class SecretFilesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "ledgerlineSecretFiles";
    private static final String PREFIX = "LEDGERLINE_";
    private static final String SUFFIX = "_FILE";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER - 1;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> secrets = secrets(variables(environment));
        if (secrets.isEmpty()) {
            return;
        }
        var source = new SystemEnvironmentPropertySource(PROPERTY_SOURCE, secrets);
        if (environment.getPropertySources().contains(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME)) {
            environment
                    .getPropertySources()
                    .addBefore(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, source);
        } else {
            environment.getPropertySources().addLast(source);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> variables(ConfigurableEnvironment environment) {
        PropertySource<?> variables =
                environment.getPropertySources().get(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        return variables != null && variables.getSource() instanceof Map<?, ?> map
                ? (Map<String, Object>) map
                : environment.getSystemEnvironment();
    }

    /** The values that {@code LEDGERLINE_*_FILE} variables in {@code environment} name. */
    static Map<String, Object> secrets(Map<String, Object> environment) {
        Map<String, Object> secrets = new TreeMap<>();
        environment.forEach((variable, value) -> {
            if (!variable.startsWith(PREFIX)
                    || !variable.endsWith(SUFFIX)
                    || variable.length() <= PREFIX.length() + SUFFIX.length()
                    || value == null
                    || value.toString().isBlank()) {
                return;
            }
            String target = variable.substring(0, variable.length() - SUFFIX.length());
            Object direct = environment.get(target);
            if (direct != null && !direct.toString().isEmpty()) {
                throw new IllegalStateException("Both " + target + " and " + variable + " are set: keep one.");
            }
            Path file = Path.of(value.toString().trim());
            try {
                secrets.put(target, trimTrailingNewline(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException(variable + " names " + file + ", which cannot be read ("
                        + e.getClass().getSimpleName() + "): mount the secret "
                        + "there or unset " + variable + ".");
            }
        });
        return secrets;
    }

    static String trimTrailingNewline(String content) {
        if (content.endsWith("\r\n")) {
            return content.substring(0, content.length() - 2);
        }
        if (content.endsWith("\n")) {
            return content.substring(0, content.length() - 1);
        }
        return content;
    }
}
