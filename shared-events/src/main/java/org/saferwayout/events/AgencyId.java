package org.saferwayout.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;

/**
 * The agencies of the network. The code is what tokens carry in their {@code agency} claim and what
 * addresses an integration event; it is part of the published contract, so codes never change.
 */
public enum AgencyId {
    ALERT("alert"),
    CEASE("cease"),
    CATHOLIC_SOCIAL_SERVICES("catholic-social-services"),
    REACH("reach");

    private final String code;

    AgencyId(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static AgencyId fromCode(String code) {
        return Arrays.stream(values())
                .filter(agency -> agency.code.equals(code))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown agency code"));
    }
}
