package org.ledgerline.saga.dashboard.web;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * {@code /dashboard} opens the page: Spring serves {@code classpath:/static/dashboard/*} as files but has no welcome
 * page below the root, and since Spring 6 {@code /dashboard} and {@code /dashboard/} are different paths. The redirect
 * puts the trailing slash in the address bar so that the page's relative links resolve below {@code /dashboard/}.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/dashboard", "/dashboard/");
        registry.addViewController("/dashboard/").setViewName("forward:/dashboard/index.html");
    }
}
