package org.ledgerline.product;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The product context alone on the event store, for its integration tests. */
@SpringBootApplication
public class ProductTestApplication {
}
