package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Takes a role from a user (CUSTOMER stays). */
public record RevokeRole(@TargetAggregateIdentifier UserId userId, Role role, @TargetAggregateVersion Long expectedVersion) {
}
