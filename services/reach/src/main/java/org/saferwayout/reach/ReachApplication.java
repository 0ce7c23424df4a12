package org.saferwayout.reach;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Reach agency service: its private event store, its read models, its API, its exchange processors. */
@SpringBootApplication(scanBasePackages = {"org.saferwayout.reach", "org.saferwayout.agency"})
public class ReachApplication {

    public static void main(String[] args) {
        SpringApplication.run(ReachApplication.class, args);
    }
}
