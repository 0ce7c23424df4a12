package org.saferwayout.identity.config;

/** The agencies of the network; {@link #claimValue()} is what goes into the {@code agency} claim. */
public enum Agency {
    ALERT("alert"),
    CEASE("cease"),
    CATHOLIC_SOCIAL_SERVICES("catholic-social-services"),
    REACH("reach");

    private final String claimValue;

    Agency(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }
}
