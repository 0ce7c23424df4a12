package org.saferwayout.reach.testapp;

import org.saferwayout.reach.ReachApplication;
import org.springframework.boot.test.autoconfigure.filter.TypeExcludeFilters;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The REACH service as it runs (its own application.yml: directory served, suppression threshold), with a
 * private store and an exchange in fresh in-memory H2 databases and in-memory read models, as the runtime's
 * own {@code AgencyRuntimeTest} sets them up. Every test class carrying exactly this annotation shares one
 * cached context, so keep the properties here and nowhere else; they are inline on purpose, to outrank
 * {@code agency-runtime.yml}, which outranks the application.yml that imports it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(classes = ReachApplication.class, properties = {
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
        // Tests send thousands of requests as one client; the limit itself is tested by the runtime's ApiLimitsTest.
        "swo.limits.rate.burst=1000000",
        "swo.limits.rate.per-second=1000000",
        "swo.limits.refused-credentials.burst=1000000",
        "swo.limits.refused-credentials.per-second=1000000"
})
@AutoConfigureMockMvc
@TypeExcludeFilters(AgencyRuntimeTestClasses.class)
public @interface ReachServiceTest {
}
