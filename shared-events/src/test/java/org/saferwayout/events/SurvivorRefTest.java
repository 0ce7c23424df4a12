package org.saferwayout.events;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SurvivorRefTest {

    @Test
    void issuedRefsAreWellFormedAndDoNotRepeat() {
        Set<String> issued = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            SurvivorRef ref = SurvivorRef.issue();
            assertThat(SurvivorRef.isWellFormed(ref.value())).isTrue();
            issued.add(ref.value());
        }
        assertThat(issued).hasSize(10_000);
    }

    @Test
    void anythingElseIsRefusedWithoutQuotingIt() {
        assertThatThrownBy(() -> new SurvivorRef("Jane Doe 1990-01-01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Jane");
        assertThatThrownBy(() -> new SurvivorRef(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SurvivorRef("SR-0123456789ABCDEFGHJKMNPQRSU")).isInstanceOf(IllegalArgumentException.class);
    }
}
