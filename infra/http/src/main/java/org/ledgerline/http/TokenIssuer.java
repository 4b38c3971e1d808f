package org.ledgerline.http;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

/** Signs access tokens for users the caller has authenticated; the platform implements it with its JWT key. */
public interface TokenIssuer {

    IssuedToken issue(UUID userId, Set<String> roles);

    /** A signed bearer token and how long it lives. */
    record IssuedToken(String accessToken, Duration expiresIn) {}
}
