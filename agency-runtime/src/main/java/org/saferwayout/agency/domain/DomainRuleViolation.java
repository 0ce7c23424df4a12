package org.saferwayout.agency.domain;

/**
 * A command refused by a domain rule. The {@link #code()} names the rule for callers; the message is
 * fixed text written here, never built from request data, so it can be shown and logged safely.
 */
public class DomainRuleViolation extends RuntimeException {

    private final String code;

    public DomainRuleViolation(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
