package org.ledgerline.replication;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The event store and its Kafka replica, without the platform, for this module's integration tests. */
@SpringBootApplication
public class ReplicationTestApplication {
}
