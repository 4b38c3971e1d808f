package org.ledgerline.platform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Ledgerline platform: command side, read side, saga and their doors in one process. */
@SpringBootApplication(scanBasePackages = "org.ledgerline")
public class LedgerlinePlatform {

    public static void main(String[] args) {
        try {
            SpringApplication.run(LedgerlinePlatform.class, args);
        } catch (RuntimeException e) {
            // Spring Boot has already reported why (a failure analysis, not a bare stack trace); just exit non-zero.
            System.exit(1);
        }
    }
}
