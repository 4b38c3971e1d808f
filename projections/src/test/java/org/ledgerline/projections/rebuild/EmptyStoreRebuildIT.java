package org.ledgerline.projections.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;

/** A rebuild asked for before any event was stored (a fresh install, a restored empty store) finishes at once. */
@LedgerlineIntegrationTest
class EmptyStoreRebuildIT {

    @Autowired
    BlueGreenRebuilds rebuilds;

    @Test
    void a_rebuild_of_an_empty_store_is_done_instead_of_waiting_for_events_that_never_come() {
        rebuilds.start("products");

        await().atMost(Duration.ofSeconds(60))
                .until(() -> rebuilds.status("products")
                        .map(status -> !status.state().equals("RUNNING")
                                && !status.state().equals("SWITCHING"))
                        .orElse(false));
        assertThat(rebuilds.status("products").orElseThrow().state()).isEqualTo("DONE");
        assertThat(rebuilds.status("products").orElseThrow().processed()).isZero();
    }
}
