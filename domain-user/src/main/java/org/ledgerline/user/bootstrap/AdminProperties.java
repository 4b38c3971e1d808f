package org.ledgerline.user.bootstrap;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code ledgerline.admin.*}: the administrator created at start-up.
 *
 * @param email    the administrator's e-mail; empty: no administrator is created
 * @param password the administrator's password; unset: one generated once into
 *                 {@code <ledgerline.embedded.data-directory>/admin-password} (owner-only); production mode needs it
 *                 set, of at least 12 characters
 */
@ConfigurationProperties("ledgerline.admin")
public record AdminProperties(
        @DefaultValue(AdminProperties.DEV_EMAIL) String email, String password) {

    static final String DEV_EMAIL = "admin@ledgerline.local";

    /**
     * {@code ledgerline.embedded.data-directory}, read here for the generated password's file. The platform owns the
     * key (its embedded servers and generated keys live there too); this module cannot see the platform's record.
     *
     * @param dataDirectory the platform's data directory
     */
    @ConfigurationProperties("ledgerline.embedded")
    public record DataDirectory(@DefaultValue(".ledgerline") Path dataDirectory) {}
}
