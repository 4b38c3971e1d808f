/** Starts an embedded PostgreSQL and Kafka broker when no server is configured, so the platform runs anywhere. */
package org.ledgerline.platform.embedded;
