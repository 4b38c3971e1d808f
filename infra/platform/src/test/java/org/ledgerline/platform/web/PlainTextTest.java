package org.ledgerline.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which characters a text field of a request body takes: everything but control characters and broken UTF-16. */
class PlainTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"Ada Lovelace", "Grüße aus Köln", "緑のマグ", "☕ 🍵", "O'Brien & Søn – \"Ltd.\"", "", " "})
    void text_in_any_script_with_punctuation_and_emoji_is_taken(String text) {
        assertThat(StrictRequestBodies.PlainText.firstForbidden(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x00, 0x07, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9F})
    void every_control_character_is_refused(int control) {
        assertThat(StrictRequestBodies.PlainText.firstForbidden("a" + (char) control + "b"))
                .isEqualTo(control);
    }

    @Test
    void an_unpaired_surrogate_is_refused_and_a_pair_is_taken() {
        assertThat(StrictRequestBodies.PlainText.firstForbidden("x\uD800y")).isEqualTo(0xD800);
        assertThat(StrictRequestBodies.PlainText.firstForbidden("x\uDC00")).isEqualTo(0xDC00);
        assertThat(StrictRequestBodies.PlainText.firstForbidden("x\uD83C\uDF75"))
                .isEqualTo(-1);
    }
}
