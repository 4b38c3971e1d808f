package org.ledgerline.user.api;

import org.ledgerline.kernel.EventCatalog;

/**
 * The user context's published events: the name and revision each is stored and published under (Kafka topic
 * {@code <prefix>.user.events}), and the name it was stored under before names were pinned (its class name then).
 * Changing a name or a revision, or the shape of an event, is a contract change: see docs/adr/0017-event-contract.md.
 */
public final class UserEvents {

    public static final EventCatalog CATALOG = EventCatalog.of("user")
            .event(UserRegistered.class, "user.UserRegistered", "1", "org.ledgerline.user.api.UserRegistered")
            .event(
                    UserProfileChanged.class,
                    "user.UserProfileChanged",
                    "1",
                    "org.ledgerline.user.api.UserProfileChanged")
            .event(RoleGranted.class, "user.RoleGranted", "1", "org.ledgerline.user.api.RoleGranted")
            .event(RoleRevoked.class, "user.RoleRevoked", "1", "org.ledgerline.user.api.RoleRevoked")
            .event(UserDeactivated.class, "user.UserDeactivated", "1", "org.ledgerline.user.api.UserDeactivated")
            .event(AccountOpened.class, "user.AccountOpened", "1", "org.ledgerline.user.api.AccountOpened")
            .event(MoneyDeposited.class, "user.MoneyDeposited", "1", "org.ledgerline.user.api.MoneyDeposited")
            .event(AccountCharged.class, "user.AccountCharged", "1", "org.ledgerline.user.api.AccountCharged")
            .event(ChargeDeclined.class, "user.ChargeDeclined", "1", "org.ledgerline.user.api.ChargeDeclined")
            .event(AccountRefunded.class, "user.AccountRefunded", "1", "org.ledgerline.user.api.AccountRefunded")
            .build();

    private UserEvents() {}
}
