package org.ledgerline.platform.web;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;

/** Whose request this is, for per-caller keys (idempotency, rate limits). Never an e-mail or other PII. */
final class CallerKeys {

    static final String ANONYMOUS = "anonymous";

    private CallerKeys() {}

    static String current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof Jwt jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return ANONYMOUS;
    }
}
