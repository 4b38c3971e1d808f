package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Gives a user a role; a role already held changes nothing. */
public record GrantRole(
        @TargetAggregateIdentifier UserId userId,
        Role role,
        @TargetAggregateVersion Long expectedVersion) {}
