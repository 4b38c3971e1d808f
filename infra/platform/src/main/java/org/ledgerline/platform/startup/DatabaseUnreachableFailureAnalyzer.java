package org.ledgerline.platform.startup;

import java.sql.SQLException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/** The configured PostgreSQL cannot be reached, refuses the credentials, or has no such database. */
class DatabaseUnreachableFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

    private final Environment environment;

    DatabaseUnreachableFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
        String state = cause.getSQLState() == null ? "" : cause.getSQLState();
        String url = environment.getProperty("spring.datasource.url", "(embedded)");
        if (state.startsWith("08")) {
            return new FailureAnalysis(
                    "Cannot reach the PostgreSQL database at " + url + ": " + cause.getMessage(),
                    "Start that server, or point spring.datasource.url (env LEDGERLINE_DB_URL) at one that runs. "
                            + "Leave it unset to use the embedded PostgreSQL.",
                    cause);
        }
        if (state.startsWith("28")) {
            return new FailureAnalysis(
                    "PostgreSQL at " + url + " refused the credentials: " + cause.getMessage(),
                    "Fix spring.datasource.username / spring.datasource.password "
                            + "(env LEDGERLINE_DB_USER / LEDGERLINE_DB_PASSWORD).",
                    cause);
        }
        if ("3D000".equals(state)) {
            return new FailureAnalysis(
                    "The database named in " + url + " does not exist: " + cause.getMessage(),
                    "Create it (CREATE DATABASE ...) or fix spring.datasource.url (env LEDGERLINE_DB_URL).",
                    cause);
        }
        return null;
    }
}
