package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Deactivates a user */
public record DeactivateUser(@TargetAggregateIdentifier UserId userId, @TargetAggregateVersion Long expectedVersion) {
}
