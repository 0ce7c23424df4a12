package org.saferwayout.agency.testapp;

import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The ALERT service's runtime with a private store and an exchange in fresh in-memory H2 databases (named at
 * random once per Spring context) and in-memory read models. Every test class carrying exactly this
 * annotation shares one cached context, so keep the properties here and nowhere else.
 *
 * <p>The properties are inline test properties on purpose: they outrank {@code agency-runtime.yml}, whose
 * values would otherwise win over the file that imports it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = TestAgencyApplication.class, properties = {
        "spring.config.import=classpath:agency-runtime.yml",
        "swo.agency.id=alert",
        "swo.data-dir=target/test-data",
        "spring.datasource.url=jdbc:h2:mem:private-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "spring.datasource.username=swo",
        "spring.datasource.password=swo-private",
        "swo.exchange.jdbc-url=jdbc:h2:mem:exchange-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "swo.exchange.username=swo",
        "swo.exchange.password=swo-exchange",
        "swo.keys.jdbc-url=jdbc:h2:mem:keys-${random.uuid};MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "swo.keys.kek-directory=target/test-keys/${random.uuid}",
        "swo.read-model.mongo-uri=",
        "swo.read-model.embedded-file=",
        "server.port=0",
        // Tests send thousands of requests as one client. ApiLimitsTest sets small limits through swo.test.rate.*
        // (a @TestPropertySource cannot outrank these properties, but it can fill their placeholders).
        "swo.limits.rate.burst=${swo.test.rate.burst:1000000}",
        "swo.limits.rate.per-second=${swo.test.rate.per-second:1000000}",
        "swo.limits.refused-credentials.burst=${swo.test.refused-credentials.burst:1000000}",
        "swo.limits.refused-credentials.per-second=${swo.test.refused-credentials.per-second:1000000}",
        // Webhook retries in milliseconds, not minutes; attempts enough that 30% failures never dead-letter.
        "swo.subscriptions.initial-backoff=10ms",
        "swo.subscriptions.max-backoff=100ms",
        "swo.subscriptions.poll-interval=50ms",
        "swo.subscriptions.max-attempts=15"
})
@AutoConfigureMockMvc
public @interface AgencyRuntimeTest {
}
