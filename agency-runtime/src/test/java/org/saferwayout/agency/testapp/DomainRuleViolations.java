package org.saferwayout.agency.testapp;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.saferwayout.agency.domain.DomainRuleViolation;

/** Matches a {@link DomainRuleViolation} by the rule it names. */
public final class DomainRuleViolations {

    private DomainRuleViolations() {
    }

    public static Matcher<Throwable> violationOf(String code) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(Throwable item) {
                return item instanceof DomainRuleViolation violation && code.equals(violation.code());
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("a DomainRuleViolation with code ").appendValue(code);
            }

            @Override
            protected void describeMismatchSafely(Throwable item, Description mismatch) {
                if (item instanceof DomainRuleViolation violation) {
                    mismatch.appendText("code was ").appendValue(violation.code());
                } else {
                    mismatch.appendText("was ").appendValue(item.getClass().getName());
                }
            }
        };
    }
}
