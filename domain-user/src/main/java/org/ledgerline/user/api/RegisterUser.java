package org.ledgerline.user.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a user. The password arrives hashed (BCrypt); the clear password never reaches the domain. */
public record RegisterUser(@TargetAggregateIdentifier UserId userId, String email, String name, String passwordHash) {

    /** Never the e-mail or the hash: commands end up in logs and traces. */
    @Override
    public String toString() {
        return "RegisterUser[userId=" + userId + "]";
    }
}
