package org.ledgerline.platform.web;

import org.ledgerline.http.TokenIssuer;

/** The test-support API client with tokens signed by the platform's own issuer, as a real client gets them. */
public final class ApiClient extends org.ledgerline.testsupport.http.ApiClient {

    public ApiClient(int port, TokenIssuer tokens) {
        super(
                port,
                tokens == null
                        ? null
                        : (userId, roles) -> tokens.issue(userId, roles).accessToken());
    }
}
