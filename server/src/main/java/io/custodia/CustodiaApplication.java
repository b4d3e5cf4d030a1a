package io.custodia;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Starts the Custodia server. */
@SpringBootApplication
@EnableScheduling
public class CustodiaApplication {
    public static void main(String[] args) {
        SpringApplication.run(CustodiaApplication.class, args);
    }
}
