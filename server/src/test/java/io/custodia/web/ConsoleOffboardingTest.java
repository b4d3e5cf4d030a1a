package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Offboarding from a person's page: choose, preview, confirm, follow the job. */
class ConsoleOffboardingTest extends ApiTest {

    @Test
    void anAdministratorPreviewsThenConfirmsAnOffboarding() throws Exception {
        Tenant t = newWorkspace();
        onePipeline(t);
        UUID rui = newUser(t, "rui@" + t.slug() + ".test", "Rui Barros");
        UUID sofia = newUser(t, "sofia@" + t.slug() + ".test", "Sofia Lima");
        String deal = created(
                api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Aurora", "ownerId", rui.toString())));
        created(api().post("/api/v1/deals", t.adminToken(), Map.of("title", "Boreal", "ownerId", rui.toString())));
        ConsoleVisitor admin = new ConsoleVisitor(port());
        admin.signIn(t.slug(), "admin@" + t.slug() + ".test", PASSWORD);

        assertThat(admin.get("/admin/users/" + rui).body()).contains("href=\"/admin/users/" + rui + "/offboard\"");
        String form = admin.get("/admin/users/" + rui + "/offboard").body();
        assertThat(form)
                .contains("Offboard Rui Barros", "Sofia Lima", "value=\"records\" checked")
                .doesNotContain("Confirm the offboarding");

        String preview = admin.get(
                        "/admin/users/" + rui + "/offboard?transferTo=" + sofia + "&what=records&deactivate=true")
                .body();
        assertThat(preview)
                .contains("What would move", "<th scope=\"row\">Deals</th><td>2</td>", "Confirm the offboarding");
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("ownerId")
                        .asString())
                .as("a preview changes nothing")
                .isEqualTo(rui.toString());

        String csrf = admin.csrfFrom("/admin/users/" + rui + "/offboard?transferTo=" + sofia + "&what=records");
        HttpResponse<String> confirmed = admin.post(
                "/admin/users/" + rui + "/offboard",
                "_csrf=" + ConsoleVisitor.encoded(csrf) + "&transferTo=" + sofia + "&what=records&deactivate=true");
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(302);
        String progress = URI.create(confirmed.headers().firstValue("Location").orElseThrow())
                .getPath();
        assertThat(progress).contains("/admin/users/" + rui + "/offboard/jobs/");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        String page = admin.get(progress).body();
        while (page.contains("offboard-bar") && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            page = admin.get(progress).body();
        }
        assertThat(page).contains("Done: 2 moved.");
        assertThat(api().get("/api/v1/deals/" + deal, t.adminToken())
                        .json()
                        .get("ownerId")
                        .asString())
                .isEqualTo(sofia.toString());
        assertThat(api().get("/api/v1/users/" + rui, t.adminToken())
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("deactivated");
    }
}
