package org.ledgerline.kernel;

/**
 * Claims a value as unique within a scope (e.g. scope {@code user-email}, value {@code ada@example.com}) for one
 * owner. The claim is written in the transaction of the command that makes it, so two commands racing for the same
 * value cannot both succeed, and a failed command leaves no claim behind. Command handlers take it as a parameter.
 */
public interface UniqueClaims {

    /**
     * Claims {@code value} for {@code owner}. Claiming a value one already owns is fine (idempotent retries).
     *
     * @throws AlreadyTakenException when another owner holds it
     */
    void claim(String scope, String value, String owner);

    /** Gives up {@code owner}'s claim of {@code value} (e.g. an e-mail address changed); no-op if not held. */
    void release(String scope, String value, String owner);

    /** The owner of {@code value} in {@code scope}, or {@code null}. */
    String ownerOf(String scope, String value);
}
