package org.ledgerline.saga.journal;

import jakarta.annotation.Nullable;
import java.util.List;

/** A page of sagas, newest first; {@code nextCursor} is null on the last page. */
public record SagaPage(List<SagaSummary> items, @Nullable String nextCursor) {}
