package org.ledgerline.saga.journal;

import java.util.List;

/** A page of sagas, newest first; {@code nextCursor} is null on the last page. */
public record SagaPage(List<SagaSummary> items, String nextCursor) {
}
