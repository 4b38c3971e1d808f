/**
 * The shared kernel: value types and refusals every context speaks (money, the kinds of rejected commands, unique
 * claims). Records and interfaces only; no Spring, jOOQ or Kafka. Any module may use it.
 */
package org.ledgerline.kernel;
