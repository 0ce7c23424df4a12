package org.saferwayout.cease;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Cease agency service: its private event store, its read models, its API, its exchange processors. */
@SpringBootApplication(scanBasePackages = {"org.saferwayout.cease", "org.saferwayout.agency"})
public class CeaseApplication {

    public static void main(String[] args) {
        SpringApplication.run(CeaseApplication.class, args);
    }
}
