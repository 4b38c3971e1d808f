package org.ledgerline.http;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint: declared on a controller class (for all its operations) or a handler method (overrides
 * the class). The OpenAPI document states it for every operation ({@code security} and {@code x-ledgerline-access},
 * {@code x-ledgerline-owner}), and the security test suite attacks every operation by what its rule says, failing
 * for an operation without one. The rule is enforced where it always was - Spring Security's URL rules and the
 * controller's {@link Caller} checks; this annotation says what they enforce, and the suite proves they do.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Access {

    Rule value();

    /**
     * For {@link Rule#OWNER_OR_ADMIN}: the path parameter naming the owned resource - a user id (the caller
     * themself) or a resource keyed by its customer, such as an order id. Another customer's is answered 404.
     */
    String owner() default "";

    /** The rules, as the document names them ({@code x-ledgerline-access}). */
    enum Rule {
        /** Anyone, no token needed (a bad token is still refused: 401). */
        PUBLIC("public"),
        /** Any valid token; what it answers is the caller's own (e.g. a list scoped to the caller). */
        AUTHENTICATED("authenticated"),
        /** A valid token with the CUSTOMER role (403 without). */
        CUSTOMER("customer"),
        /** A valid token with the ADMIN role (403 without). */
        ADMIN("admin"),
        /** The owner of the resource named by {@link Access#owner()} or an ADMIN; anyone else gets 404. */
        OWNER_OR_ADMIN("owner-or-admin");

        private final String documented;

        Rule(String documented) {
            this.documented = documented;
        }

        /** The name in the OpenAPI document. */
        public String documented() {
            return documented;
        }
    }
}
