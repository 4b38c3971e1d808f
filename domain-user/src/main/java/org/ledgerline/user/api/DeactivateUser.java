package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Deactivates a user: no more sign-ins, profile or role changes. Deactivating twice changes nothing. */
public record DeactivateUser(
        @TargetAggregateIdentifier UserId userId,
        @TargetAggregateVersion Long expectedVersion) {}
