package org.ledgerline.platform.web;

import org.junit.jupiter.api.BeforeEach;
import org.ledgerline.http.TokenIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an API test of the whole platform starts from: the platform on a random port (the subclass's
 * {@code @LedgerlineIntegrationTest(webEnvironment = RANDOM_PORT, ...)} says with which settings), a client whose
 * tokens the platform's own issuer signs, a fresh administrator's token, and the platform's database.
 */
public abstract class PlatformApiTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected TokenIssuer tokens;

    @Autowired
    protected JdbcTemplate jdbc;

    protected ApiClient api;
    /** A token of a new user with the roles CUSTOMER and ADMIN. */
    protected String admin;

    @BeforeEach
    void connectApi() {
        api = new ApiClient(port, tokens);
        admin = api.adminToken();
    }
}
