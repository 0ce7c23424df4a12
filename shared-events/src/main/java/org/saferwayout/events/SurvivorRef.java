package org.saferwayout.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A survivor's network-wide pseudonym. It is random (128 bits from a CSPRNG) and never derived from
 * name, birth date or any other personal data, so it cannot be matched back to a person
 * (VAWA/FVPSA guidance: hashing personal data does not make it shareable).
 */
public record SurvivorRef(String value) {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32
    private static final Pattern FORMAT = Pattern.compile("SR-[0-9A-HJKMNP-TV-Z]{26}");
    private static final SecureRandom RANDOM = new SecureRandom();

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public SurvivorRef {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("not a SurvivorRef");
        }
    }

    public static SurvivorRef issue() {
        StringBuilder ref = new StringBuilder("SR-");
        for (int i = 0; i < 26; i++) {
            ref.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return new SurvivorRef(ref.toString());
    }

    public static boolean isWellFormed(String candidate) {
        return candidate != null && FORMAT.matcher(candidate).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
