package org.ledgerline.user;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The user context alone on the event store, for its integration tests (the platform supplies these beans). */
@SpringBootApplication
public class UserTestApplication {

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    @Bean
    org.ledgerline.http.TokenIssuer tokenIssuer() {
        return (userId, roles) ->
                new org.ledgerline.http.TokenIssuer.IssuedToken("test-token", java.time.Duration.ofMinutes(1));
    }
}
