package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Takes a role from a user; a role not held changes nothing, and CUSTOMER cannot be taken. */
public record RevokeRole(
        @TargetAggregateIdentifier UserId userId,
        Role role,
        @TargetAggregateVersion Long expectedVersion) {}
