package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Changes a user's display name (1 to 100 characters); the same name again changes nothing. */
public record ChangeUserProfile(
        @TargetAggregateIdentifier UserId userId,
        String name,
        @TargetAggregateVersion Long expectedVersion) {}
