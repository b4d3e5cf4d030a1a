package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Deactivating a user ends every token and session of theirs for good: reactivating brings none back. */
class DeactivationTest extends ApiTest {

    private void setStatus(Tenant t, UUID user, String status) {
        assertThat(api().patch("/api/v1/users/" + user, t.adminToken(), Map.of("status", status))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void tokensIssuedBeforeADeactivationStayDeadAfterReactivation() {
        Tenant t = newWorkspace();
        String email = "rui@" + t.slug() + ".test";
        UUID rui = newUser(t, email);
        String before = login(t.slug(), email, PASSWORD);
        String another = login(t.slug(), email, PASSWORD);
        assertThat(api().get("/api/v1/me", before).status()).isEqualTo(200);
        setStatus(t, rui, "deactivated");
        assertThat(api().get("/api/v1/me", before).status()).isEqualTo(401);
        setStatus(t, rui, "active");
        for (String token : List.of(before, another)) {
            assertThat(api().get("/api/v1/me", token).status()).isEqualTo(401);
        }
        assertThat(api().get("/api/v1/me", login(t.slug(), email, PASSWORD)).status())
                .as("a new sign-in works")
                .isEqualTo(200);
        assertThat(api().get("/api/v1/me", t.adminToken()).status())
                .as("no one else's tokens")
                .isEqualTo(200);
    }
}
