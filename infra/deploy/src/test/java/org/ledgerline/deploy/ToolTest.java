package org.ledgerline.deploy;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A missing tool fails the deployment tests; they never skip (CI installs docker-compose and kubectl). */
class ToolTest {

    @Test
    void a_missing_tool_fails_instead_of_skipping() {
        assertThatThrownBy(() -> new Tool("ledgerline-no-such-tool", "some-package").path())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("apt-get install -y some-package");
    }
}
