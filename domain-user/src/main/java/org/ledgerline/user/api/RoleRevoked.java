package org.ledgerline.user.api;

/** A user lost a role. */
public record RoleRevoked(UserId userId, Role role) {}
