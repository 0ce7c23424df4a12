package org.saferwayout.catholicsocialservices;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The CatholicSocialServices agency service: its private event store, its read models, its API, its exchange processors. */
@SpringBootApplication(scanBasePackages = {"org.saferwayout.catholicsocialservices", "org.saferwayout.agency"})
public class CatholicSocialServicesApplication {

    public static void main(String[] args) {
        SpringApplication.run(CatholicSocialServicesApplication.class, args);
    }
}
