package org.saferwayout.agency.portal;

import jakarta.validation.Configuration;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.saferwayout.agency.config.AgencyRuntimeConfiguration;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** Date rules judge "today" in the network's day (Edmonton), whatever the host's zone. */
class NetworkDayDateRulesTest {

    /**
     * 05:00 UTC on 1 June 2020 is still 23:00 on 31 May in Edmonton. Years before any run, so the rule can only
     * refuse 1 June if it reads the service's clock (not the real one) in the network's day (not UTC).
     */
    private static final Clock EVENING_IN_EDMONTON = Clock.fixed(Instant.parse("2020-06-01T05:00:00Z"), ZoneOffset.UTC);

    private static Validator validator() {
        Configuration<?> configuration = Validation.byDefaultProvider().configure();
        new AgencyRuntimeConfiguration().networkDayForDateRules(EVENING_IN_EDMONTON).customize(configuration);
        return configuration.buildValidatorFactory().getValidator();
    }

    private static ReferralPages.ServiceDeliveredForm deliveredOn(LocalDate day) {
        return new ReferralPages.ServiceDeliveredForm("cease-exit", day, "went well", null);
    }

    @Test
    void tomorrowInEdmontonIsTheFutureThoughItIsAlreadyTodayInUtc() {
        Validator validator = validator();
        assertThat(validator.validate(deliveredOn(LocalDate.of(2020, 5, 31)))).isEmpty();
        assertThat(validator.validate(deliveredOn(LocalDate.of(2020, 6, 1))))
                .extracting(violation -> violation.getPropertyPath().toString()).containsExactly("deliveredOn");
    }
}
