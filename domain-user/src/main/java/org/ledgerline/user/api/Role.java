package org.ledgerline.user.api;

/** What a user may do: every user is a CUSTOMER; operators are also ADMIN. */
public enum Role {
    CUSTOMER,
    ADMIN
}
