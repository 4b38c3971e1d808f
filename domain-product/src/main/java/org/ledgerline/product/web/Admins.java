package org.ledgerline.product.web;

import org.ledgerline.http.Caller;
import org.ledgerline.http.ForbiddenException;

/** Catalog changes are for admins. */
final class Admins {

    private Admins() {}

    static void require(Caller caller) {
        if (!caller.isAdmin()) {
            throw new ForbiddenException("Only an ADMIN may change the catalog");
        }
    }
}
