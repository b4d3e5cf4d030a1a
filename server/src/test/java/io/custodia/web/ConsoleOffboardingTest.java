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
        UUID gone = newUser(t, "gone@" + t.slug() + ".test", "Sofia Gone");
        assertThat(api().patch("/api/v1/users/" + gone, t.adminToken(), Map.of("status", "deactivated"))
                        .status())
                .isEqualTo(200);
        String form = admin.get("/admin/users/" + rui + "/offboard").body();
        // The successor is searched for among active people, never listed from everyone.
        assertThat(form)
                .contains("Offboard Rui Barros", "value=\"records\" checked")
                .contains("hx-get=\"/pickers/people?active=true&amp;field=transferTo&amp;required=true\"")
                .doesNotContain("Sofia Lima")
                .doesNotContain("<select id=\"off-to\"")
                .doesNotContain("Confirm the offboarding");
        String offered = admin.get("/pickers/people?active=true&field=transferTo&required=true&_typed=sofia")
                .body();
        assertThat(offered).contains("value=\"" + sofia + "\"").doesNotContain(gone.toString());

        String preview = admin.get(
                        "/admin/users/" + rui + "/offboard?transferTo=" + sofia + "&what=records&deactivate=true")
                .body();
        assertThat(preview)
                .contains("What would move", "<th scope=\"row\">Deals</th><td>2</td>", "Confirm the offboarding")
                .contains("name=\"transferTo\" value=\"" + sofia + "\" checked> Sofia Lima");
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
