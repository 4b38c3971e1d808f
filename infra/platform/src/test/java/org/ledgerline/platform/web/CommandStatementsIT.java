package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The SQL a command request sends, counted on the request's thread: the answer's position, version and (for a
 * deposit) balance come back with the append, so no statement reads the event table after the insert. Prints each
 * request's statements (the figures of ADR 0027); the assertions are on what is sent, never on time. And each request
 * is observed once.
 */
@LedgerlineIntegrationTest(
        kafka = true,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"ledgerline.rate-limit.commands-per-second=0", "ledgerline.admin.email="})
class CommandStatementsIT extends PlatformApiTest {

    static final ConcurrentLinkedQueue<String> SENT = new ConcurrentLinkedQueue<>();

    @Autowired
    MeterRegistry meters;

    @Test
    void a_command_answer_reads_nothing_back_from_the_event_table_after_its_append() {
        UUID holder = UUID.randomUUID();
        String customer = api.tokenFor(holder, "CUSTOMER");
        String deposit = "{\"amount\": {\"amount\": \"10.00\", \"currency\": \"EUR\"}}";
        HttpResponse<String> product = api.post(
                "/api/v1/products",
                admin,
                "{\"sku\": \"SQL-" + UUID.randomUUID() + "\", \"name\": \"Counted\", \"initialStock\": 100, "
                        + "\"price\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}");
        assertThat(product.statusCode()).isEqualTo(201);
        String productId = product.body().replaceAll(".*\"productId\":\"([^\"]+)\".*", "$1");
        // Warm: the account exists and is cached, as on a busy node.
        assertThat(api.post("/api/v1/accounts/" + holder + "/deposits", customer, deposit)
                        .statusCode())
                .isEqualTo(200);

        List<String> plain =
                statementsOf(() -> api.post("/api/v1/accounts/" + holder + "/deposits", customer, deposit), 200);
        List<String> keyed = statementsOf(
                () -> api.post(
                        "/api/v1/accounts/" + holder + "/deposits",
                        customer,
                        deposit,
                        Map.of("Idempotency-Key", UUID.randomUUID().toString())),
                200);
        List<String> order = statementsOf(() -> api.post("/api/v1/orders", customer, """
                {"lines": [{"productId": "%s", "quantity": 1}],
                 "shippingAddress": {"line1": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE"}}
                """.formatted(productId)), 202);

        // One observation per request: the order request was timed once (Spring's own server observation would make
        // it twice under the same name and tags).
        assertThat(meters.get("http.server.requests")
                        .tag("uri", "/api/v1/orders")
                        .tag("method", "POST")
                        .timers())
                .singleElement()
                .satisfies(timer -> assertThat(timer.count()).isOne());

        for (List<String> statements : List.of(plain, keyed, order)) {
            int insert = indexOfInsert(statements);
            assertThat(insert).as("the append, in %s", statements).isNotNegative();
            assertThat(statements.subList(insert + 1, statements.size()))
                    .as("statements after the append")
                    .noneMatch(sql -> sql.contains("domainevententry") && sql.startsWith("select"));
        }
    }

    private List<String> statementsOf(java.util.function.Supplier<HttpResponse<String>> request, int status) {
        SENT.clear();
        HttpResponse<String> response = request.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        List<String> statements = new ArrayList<>(SENT);
        System.out.printf(
                "%s: %d statements on the request thread%n  %s%n",
                response.uri().getPath(), statements.size(), String.join("\n  ", statements));
        return statements;
    }

    private static int indexOfInsert(List<String> statements) {
        for (int i = 0; i < statements.size(); i++) {
            if (statements.get(i).startsWith("insert into domainevententry")) {
                return i;
            }
        }
        return -1;
    }

    /** Counts what request threads send (Tomcat's), not the processors'. */
    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource source && !(bean instanceof DelegatingDataSource)
                            ? new CountingDataSource(source)
                            : bean;
                }
            };
        }
    }

    static final class CountingDataSource extends DelegatingDataSource {
        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return counted(super.getConnection());
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return counted(super.getConnection(user, password));
        }

        private static Connection counted(Connection connection) {
            return proxy(Connection.class, connection, (target, method, args) -> {
                switch (method.getName()) {
                    case "commit" -> sent("COMMIT");
                    case "rollback" -> sent("ROLLBACK");
                    case "setAutoCommit" -> {
                        if (Boolean.FALSE.equals(args[0])) {
                            sent("BEGIN");
                        }
                    }
                    default -> {}
                }
                Object result = invoke(method, target, args);
                if (result instanceof Statement statement && method.getName().startsWith("prepare")) {
                    String sql = String.valueOf(args[0]);
                    return proxy(method.getReturnType(), statement, (s, m, a) -> {
                        if (m.getName().startsWith("execute")) {
                            sent(sql);
                        }
                        return invoke(m, s, a);
                    });
                }
                if (result instanceof Statement statement) {
                    return proxy(method.getReturnType(), statement, (s, m, a) -> {
                        if (m.getName().startsWith("execute")) {
                            sent(a != null && a.length > 0 ? String.valueOf(a[0]) : m.getName());
                        }
                        return invoke(m, s, a);
                    });
                }
                return result;
            });
        }

        private static void sent(String sql) {
            if (Thread.currentThread().getName().startsWith("http-nio")) {
                String shown = sql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
                SENT.add(shown.length() > 160 ? shown.substring(0, 160) + "..." : shown);
            }
        }

        interface Handler<T> {
            Object handle(T target, java.lang.reflect.Method method, Object[] args) throws Throwable;
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<?> type, T target, Handler<T> handler) {
            InvocationHandler invocation = (p, method, args) -> handler.handle(target, method, args);
            return (T) Proxy.newProxyInstance(
                    CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, invocation);
        }

        private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
