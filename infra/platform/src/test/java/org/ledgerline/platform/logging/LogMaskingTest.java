package org.ledgerline.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogMaskingTest {

    @Test
    void an_email_address_keeps_only_its_first_letter() {
        assertThat(LogMasking.mask("E-mail grace.hopper@example.com is already taken"))
                .isEqualTo("E-mail g***@*** is already taken");
    }

    @Test
    void password_token_and_key_values_are_masked_in_any_notation() {
        String masked =
                LogMasking.mask("password=hunter22 {\"accessToken\":\"abc.def\"} api_key: K123 " + "jwtSecret=xyz");
        assertThat(masked)
                .doesNotContain("hunter22")
                .doesNotContain("abc.def")
                .doesNotContain("K123")
                .doesNotContain("xyz")
                .contains("password=***");
    }

    @Test
    void bearer_tokens_and_bare_jwts_are_masked() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJl";
        assertThat(LogMasking.mask("Authorization header Bearer abc123 and " + jwt))
                .doesNotContain("abc123")
                .doesNotContain(jwt);
    }

    @Test
    void names_and_address_fields_are_masked_but_other_text_stays() {
        // An unquoted value runs to the next separator: masking too much beats leaking a surname.
        assertThat(LogMasking.mask("SignUpBody[name=Grace Hopper] line1: 1 Main St, city=Berlin; processor orders"))
                .isEqualTo("SignUpBody[name=***] line1: ***, city=***; processor orders");
    }

    @Test
    void text_without_personal_data_is_unchanged() {
        String plain = "POST /api/v1/orders -> 202 in 12 ms";
        assertThat(LogMasking.mask(plain)).isEqualTo(plain);
    }
}
