package org.ledgerline.user.api;

/** A user got a role. */
public record RoleGranted(UserId userId, Role role) {}
