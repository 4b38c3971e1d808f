package org.ledgerline.testsupport;

import java.net.URI;

/**
 * Where the tests' PostgreSQL server listens.
 *
 * @param adminDatabase the database used to create and drop per-test databases
 */
public record PostgresEndpoint(String host, int port, String adminDatabase, String username, String password) {

    static PostgresEndpoint fromUrl(String jdbcUrl, String username, String password) {
        if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("Expected a jdbc:postgresql:// URL, got " + jdbcUrl);
        }
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        String database = uri.getPath() == null || uri.getPath().length() <= 1
                ? "postgres"
                : uri.getPath().substring(1);
        return new PostgresEndpoint(
                uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), database, username, password);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String describe() {
        return host + ":" + port + " as " + username;
    }
}
