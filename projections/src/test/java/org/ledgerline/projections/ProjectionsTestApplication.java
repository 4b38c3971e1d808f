package org.ledgerline.projections;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The read models alone on the event store, for their integration tests. */
@SpringBootApplication
public class ProjectionsTestApplication {
}
