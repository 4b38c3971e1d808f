package org.ledgerline.user.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** An empty e-mail turns the administrator off (tests and operators rely on it); only an unset one takes the default. */
class AdminPropertiesTest {

    @Test
    void unset_means_the_development_administrator() {
        AdminProperties admin = bind(Map.of());
        assertThat(admin.email()).isEqualTo("admin@ledgerline.local");
        assertThat(admin.password()).isNull();
        assertThat(new Binder(new MapConfigurationPropertySource(Map.of()))
                        .bindOrCreate("ledgerline.embedded", AdminProperties.DataDirectory.class)
                        .dataDirectory())
                .isEqualTo(Path.of(".ledgerline"));
    }

    @Test
    void empty_means_none() {
        assertThat(bind(Map.of("ledgerline.admin.email", "")).email()).isEmpty();
    }

    private static AdminProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("ledgerline.admin", AdminProperties.class);
    }
}
