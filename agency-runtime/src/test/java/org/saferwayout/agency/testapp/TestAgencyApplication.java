package org.saferwayout.agency.testapp;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The agency runtime as an agency service runs it, for tests: every bean of the runtime, nothing else. */
@SpringBootApplication(scanBasePackages = "org.saferwayout.agency")
public class TestAgencyApplication {
}
