package org.ledgerline.platform.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * Errors answered outside Spring MVC are problem+json too: Spring Security's firewall rejections, Tomcat's own
 * answers (through {@link ProblemErrorReportValve}), everything forwarded to {@code /error}
 * ({@link ProblemErrorController}), bodies beyond the size limit ({@link BodySizeFilter}) and answers nobody accepts
 * ({@link AcceptFilter}, before a command runs).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class HttpErrorConfiguration {

    /** A path the firewall refuses (';', '%2F', '..', '//', a NUL...) is the client's error: 400, not a 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemResponses problems, MeterRegistry meters) {
        Counter refused = refusals(meters, "firewall");
        return (request, response, rejected) -> {
            refused.increment();
            problems.write(
                    response,
                    HttpStatus.BAD_REQUEST,
                    ContainerProblems.title(HttpStatus.BAD_REQUEST),
                    ContainerProblems.detail(HttpStatus.BAD_REQUEST));
        };
    }

    /**
     * {@code ledgerline.http.refused{reason}}: requests refused at the edge before any controller ran - a rise is a
     * scanner or a broken client, which the request metrics (recorded by Spring MVC) never see.
     */
    static Counter refusals(MeterRegistry meters, String reason) {
        return Counter.builder("ledgerline.http.refused")
                .tag("reason", reason)
                .description("Requests refused at the HTTP edge before any controller ran")
                .register(meters);
    }

    @Bean
    ProblemValveCustomizer problemErrorReportValve(ObjectProvider<MeterRegistry> meters) {
        return new ProblemValveCustomizer(meters);
    }

    /** Runs after Boot's own customizer, which adds a plain ErrorReportValve to the host. */
    static final class ProblemValveCustomizer
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        private final ObjectProvider<MeterRegistry> meters;

        ProblemValveCustomizer(ObjectProvider<MeterRegistry> meters) {
            this.meters = meters;
        }

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            // The registry is looked up when Tomcat refuses something, not while the web server is being built.
            Runnable counted = () -> meters.ifAvailable(
                    registry -> refusals(registry, "container").increment());
            factory.addContextCustomizers(context -> replaceErrorReportValve(context.getParent(), counted));
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private static void replaceErrorReportValve(Container host, Runnable counted) {
        for (Valve valve : host.getPipeline().getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
                host.getPipeline().removeValve(valve);
            }
        }
        if (host instanceof StandardHost standard) {
            // The host adds a valve of this class at start unless one is there: ours, instead of Tomcat's HTML one.
            standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
        }
        host.getPipeline().addValve(new ProblemErrorReportValve(counted));
    }

    @Bean
    FilterRegistrationBean<BodySizeFilter> bodySizeFilter(
            HttpProperties http, ProblemResponses problems, MeterRegistry meters) {
        FilterRegistrationBean<BodySizeFilter> registration = new FilterRegistrationBean<>(
                new BodySizeFilter(http.maxBodySize(), problems, refusals(meters, "body-too-large")));
        // Before Spring Security: nothing reads a body beyond the limit, authenticated or not.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    FilterRegistrationBean<AcceptFilter> acceptFilter(ProblemResponses problems, MeterRegistry meters) {
        FilterRegistrationBean<AcceptFilter> registration =
                new FilterRegistrationBean<>(new AcceptFilter(problems, refusals(meters, "not-acceptable")));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 11);
        return registration;
    }
}
