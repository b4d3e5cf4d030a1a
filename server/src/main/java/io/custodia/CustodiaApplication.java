package io.custodia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts the Custodia server. */
@SpringBootApplication
@EnableScheduling
public class CustodiaApplication {
    static {
        // jOOQ prints a banner and a "tip of the day" when it first runs; neither belongs in a server's log.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    public static void main(String[] args) {
        SpringApplication.run(CustodiaApplication.class, args);
    }
}
