package org.ledgerline.platform.startup;

import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Runs once the settings are read and logging is set up, before any bean exists: logs the start-up summary line and,
 * in production mode, refuses to start on any unsafe setting (all of them at once, see
 * {@link ProductionModeRefusedFailureAnalyzer}). Nothing has been started or written when it refuses. Also gives a
 * random API port ({@code server.port=0}) a random management port unless one is set, so two platforms on one
 * machine (tests, scripts) do not fight over the default management port.
 */
public class ProductionModeCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ProductionModeCheck.class);

    @Override
    public int getOrder() {
        return LoggingApplicationListener.DEFAULT_ORDER + 1;
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        randomManagementPortWithRandomServerPort(environment);
        log.info(ProductionMode.summary(environment));
        if (ProductionMode.active(environment)) {
            List<String> refusals = ProductionMode.refusals(environment);
            if (!refusals.isEmpty()) {
                throw new ProductionModeRefusedException(refusals);
            }
        }
    }

    private static void randomManagementPortWithRandomServerPort(ConfigurableEnvironment environment) {
        if (!"0".equals(environment.getProperty("server.port"))
                || environment.containsProperty("LEDGERLINE_MANAGEMENT_PORT")) {
            return;
        }
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue; // Spring Boot's view over all the others, not a source of its own
            }
            if (source.containsProperty("management.server.port")) {
                if (source.getName().startsWith("Config resource")) {
                    environment
                            .getPropertySources()
                            .addFirst(new MapPropertySource(
                                    "ledgerline-random-management-port", Map.of("management.server.port", "0")));
                }
                return;
            }
        }
    }
}
