package org.ledgerline.saga.order;

/** The payload of a saga deadline: which wait it ends ({@code COMPENSATION} while compensating). */
public record StepTimeout(String step) {
}
