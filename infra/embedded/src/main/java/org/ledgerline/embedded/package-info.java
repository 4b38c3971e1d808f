/** Real PostgreSQL and Kafka servers started in-process, for dev runs and tests on machines with no servers. */
package org.ledgerline.embedded;
