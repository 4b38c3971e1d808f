/** The one harness every integration test uses for a real PostgreSQL and a real Kafka broker. */
package org.ledgerline.testsupport;
