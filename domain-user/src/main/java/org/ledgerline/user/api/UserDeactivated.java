package org.ledgerline.user.api;

/** A user was deactivated. */
public record UserDeactivated(UserId userId) {}
