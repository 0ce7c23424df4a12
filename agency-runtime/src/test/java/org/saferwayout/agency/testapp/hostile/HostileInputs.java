package org.saferwayout.agency.testapp.hostile;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

import java.util.List;

/** jqwik generators of {@link HostileInput}: every class, fixed hostile fragments mixed with random Unicode. */
public final class HostileInputs {

    /** Stands for a survivor's personal data: generated into every hostile text, never allowed in a response. */
    public static final String CANARY = "CanaryPD";

    static final List<String> FRAGMENTS = List.of(
            "", "../", "..%2f", "%2e%2e%2f", "..\\", "%00", "\u0000", "\r\nSet-Cookie: canary=1", "\r\n\r\n<html>",
            "{\"$ne\":null}", "$where", "'; DROP TABLE domainevententry;--", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "%s%n%x", "\u202e", "\ufeff", "\ud835\udd4f", "\ud800",
            "Jane Doe, 12 Elm St, 555-0100", "survivor@example.org", "A".repeat(300), "null", "-1", "1e309");

    private HostileInputs() {
    }

    public static Arbitrary<HostileInput> all() {
        Arbitrary<String> text = Combinators.combine(
                        Arbitraries.of(FRAGMENTS),
                        Arbitraries.strings().all().ofMaxLength(24),
                        Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(6))
                .as((fragment, random, tag) -> fragment + random + CANARY + tag);
        return Combinators.combine(
                        // Without edge cases: they would favour the first class; every class is drawn alike.
                        Arbitraries.of(HostileClass.class).withoutEdgeCases(),
                        Arbitraries.integers().between(0, 1_000),
                        text,
                        Arbitraries.integers().between(1, 5_000),
                        Arbitraries.integers().between(0, 1_000))
                .as(HostileInput::new);
    }
}
