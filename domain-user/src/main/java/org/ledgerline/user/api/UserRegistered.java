package org.ledgerline.user.api;

import java.util.Set;

/** A user registered (e-mail normalised; never a password or its hash */
public record UserRegistered(UserId userId, String email, String name, Set<Role> roles) {
}
