package org.saferwayout.alert;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Alert agency service: its private event store, its read models, its API, its exchange processors. */
@SpringBootApplication(scanBasePackages = {"org.saferwayout.alert", "org.saferwayout.agency"})
public class AlertApplication {

    public static void main(String[] args) {
        SpringApplication.run(AlertApplication.class, args);
    }
}
