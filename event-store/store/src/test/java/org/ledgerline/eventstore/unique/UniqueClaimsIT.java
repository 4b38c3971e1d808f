package org.ledgerline.eventstore.unique;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.ledgerline.kernel.AlreadyTakenException;
import org.ledgerline.kernel.UniqueClaims;
import org.ledgerline.testsupport.LedgerlineIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

@LedgerlineIntegrationTest
class UniqueClaimsIT {

    @Autowired
    UniqueClaims claims;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void a_value_claimed_by_one_owner_is_refused_to_another_whatever_its_case() {
        claims.claim("user-email", "ada@example.com", "user-1");
        assertThatThrownBy(() -> claims.claim("user-email", " Ada@Example.COM", "user-2"))
                .isInstanceOf(AlreadyTakenException.class)
                .hasMessage("That user email is already taken");
        assertThat(claims.ownerOf("user-email", "ADA@example.com")).isEqualTo("user-1");
    }

    @Test
    void claiming_again_what_one_owns_is_fine_and_a_released_value_is_free() {
        claims.claim("product-sku", "MUG-1", "p-1");
        claims.claim("product-sku", "mug-1", "p-1");
        claims.release("product-sku", "MUG-1", "p-1");
        claims.claim("product-sku", "MUG-1", "p-2");
        assertThat(claims.ownerOf("product-sku", "MUG-1")).isEqualTo("p-2");
    }

    @Test
    void a_claim_made_in_a_rolled_back_transaction_leaves_nothing_behind() {
        TransactionTemplate tx = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
                    claims.claim("product-sku", "PLATE-9", "p-9");
                    throw new IllegalStateException("the command failed after claiming");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(claims.ownerOf("product-sku", "PLATE-9")).isNull();
    }

    @Test
    void of_many_concurrent_claims_on_one_value_exactly_one_wins() throws Exception {
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String owner = "owner-" + i;
                Callable<Boolean> attempt = () -> {
                    try {
                        new TransactionTemplate(transactions)
                                .executeWithoutResult(status -> claims.claim("user-email", "race@example.com", owner));
                        return true;
                    } catch (AlreadyTakenException e) {
                        return false;
                    }
                };
                results.add(pool.submit(attempt));
            }
            long winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
