package org.ledgerline.testsupport;

/** What a well-behaved client does when a command loses an optimistic-locking race: send it again. */
public final class Retries {

    private Retries() {}

    /** Runs {@code action}, again while it fails with {@code conflict}, at most {@code attempts} times. */
    public static void retryOn(Class<? extends RuntimeException> conflict, int attempts, Runnable action) {
        for (int attempt = 1; ; attempt++) {
            try {
                action.run();
                return;
            } catch (RuntimeException e) {
                if (!conflict.isInstance(e) || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }
}
