/**
 * The one harness every integration test uses for a real PostgreSQL and a real Kafka broker
 * ({@link org.ledgerline.testsupport.LedgerlineIntegrationTest}), booting the module under test as a slice; HTTP
 * helpers for tests of endpoints are in {@code org.ledgerline.testsupport.http}.
 */
package org.ledgerline.testsupport;
