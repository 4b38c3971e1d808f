package org.ledgerline.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A Spring Boot test on real servers: its own empty PostgreSQL database (Flyway migrates it) and, with
 * {@link #kafka()}, the JVM's Kafka broker. Each annotated class gets a context and a database of its own, closed
 * after the class, so classes never share rows or running event processors.
 *
 * <p>What the context holds is the module's slice: Spring Boot finds the {@code @SpringBootApplication} nearest above
 * the test's package - in a module, its {@code *TestApplication} in the module's root test package, which scans the
 * module and takes the auto-configurations on the module's class path (the event store, Axon, Flyway, jOOQ). The
 * platform is not on a module's class path, so neither are its security, problem answers, telemetry or embedded
 * servers; beans the platform would supply (a password encoder, the order context's catalog) come from the test
 * application. Endpoints in a slice take their caller from {@link org.ledgerline.testsupport.http.TestCallers}. In
 * {@code infra/platform} the same annotation boots the whole platform.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public @interface LedgerlineIntegrationTest {

    @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
    Class<?>[] classes() default {};

    @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
    String[] properties() default {};

    @AliasFor(annotation = SpringBootTest.class, attribute = "webEnvironment")
    SpringBootTest.WebEnvironment webEnvironment() default SpringBootTest.WebEnvironment.MOCK;

    /** Whether the context also gets the Kafka broker ({@code ledgerline.kafka.bootstrap-servers}). */
    boolean kafka() default false;
}
