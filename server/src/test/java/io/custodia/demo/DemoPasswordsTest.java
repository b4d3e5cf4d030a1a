package io.custodia.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.directory.PasswordPolicy;
import io.custodia.directory.PasswordPolicyTest;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoPasswordsTest {
    @Test
    void theDemosPasswordsPassThePolicyForTheirOwners() {
        PasswordPolicy policy = PasswordPolicyTest.policy();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String email = "vendedor" + i + "@demo.test";
            String password = DemoWorkspace.password(policy, email, "Vendedor Sul " + i, "demo");
            assertThat(password).hasSize(14);
            assertThat(policy.refusal(password, Locale.ENGLISH, email, "Vendedor Sul " + i, "demo"))
                    .as(password)
                    .isEmpty();
            seen.add(password);
        }
        assertThat(seen).hasSize(100);
    }
}
