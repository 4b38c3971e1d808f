package org.ledgerline.user.api;

/** A user's display name changed. */
public record UserProfileChanged(UserId userId, String name) {}
