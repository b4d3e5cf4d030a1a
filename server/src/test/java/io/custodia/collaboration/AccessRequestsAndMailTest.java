package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.custodia.ApiTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A mention of someone who cannot read the record, down to the e-mail an SMTP server receives; the
 * access request that follows; and an outbox that keeps mail while the mail server is down.
 */
class AccessRequestsAndMailTest extends ApiTest {
    private GreenMail smtp;
    private Tenant t;
    private UUID bia;
    private String biaToken;
    private String contact;

    @BeforeEach
    void workspaceWithASecretContact() {
        t = newWorkspace();
        bia = newUser(t, "bia@" + t.slug() + ".test");
        biaToken = login(t.slug(), "bia@" + t.slug() + ".test", PASSWORD);
        contact = created(api().post(
                        "/api/v1/contacts",
                        t.adminToken(),
                        Map.of("firstName", "Heloisa", "lastName", "Confidencial", "email", "heloisa@secret.test")));
    }

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private void startSmtp() {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "localhost", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    private MimeMessage mailTo(String address) throws InterruptedException {
        return Mailbox.mailTo(smtp, address);
    }

    @Test
    void aMentionedUserWithoutAccessIsToldAccessIsRequiredAndNeverSeesTheDataNotEvenByEmail() throws Exception {
        startSmtp();
        api().post("/api/v1/contacts/" + contact + "/comments", t.adminToken(), Map.of("body", "@{" + bia + "} look"));

        JsonNode told =
                api().get("/api/v1/notifications", biaToken).json().get("items").get(0);
        MimeMessage mail = mailTo("bia@" + t.slug() + ".test");
        String text = mail.getSubject() + "\n" + GreenMailUtil.getBody(mail);

        assertThat(told.get("accessRequired").asBoolean()).isTrue();
        assertThat(told.get("message").asString()).contains("access is required");
        assertThat(mail.getSubject()).contains("access required");
        assertThat(text).contains("Request access").contains(contact);
        assertThat(text + told)
                .doesNotContain("Heloisa")
                .doesNotContain("Confidencial")
                .doesNotContain("secret.test");
    }

    @Test
    void theMentionEMailIsWrittenInTheLanguageSheChose() throws Exception {
        startSmtp();
        assertThat(api().get("/api/v1/me", biaToken).json().get("language").isNull())
                .isTrue();
        assertThat(api().patch("/api/v1/me", biaToken, Map.of("language", "fr")).status())
                .isEqualTo(422);
        assertThat(api().patch("/api/v1/me", biaToken, Map.of("language", "pt-BR"))
                        .json()
                        .get("language")
                        .asString())
                .isEqualTo("pt-BR");

        api().post("/api/v1/contacts/" + contact + "/comments", t.adminToken(), Map.of("body", "@{" + bia + "} veja"));

        MimeMessage mail = mailTo("bia@" + t.slug() + ".test");
        assertThat(mail.getSubject()).isEqualTo("Você foi mencionado(a) no Custodia: é preciso ter acesso");
        assertThat(String.valueOf(mail.getContent())).contains("Peça acesso: ").doesNotContain("Request access");
    }

    @Test
    void anApprovedRequestLetsHerReadAndADeniedOneTellsHer() {
        assertThat(api().get("/api/v1/contacts/" + contact, biaToken).status()).isEqualTo(404);

        var asked =
                api().post("/api/v1/access-requests", biaToken, Map.of("recordType", "contact", "recordId", contact));
        String request = created(asked);
        JsonNode ownerTold = api().get("/api/v1/notifications", t.adminToken()).json();
        JsonNode pending = api().get("/api/v1/access-requests", t.adminToken()).json();

        assertThat(asked.body()).doesNotContain("Heloisa");
        assertThat(ownerTold.toString()).contains("access.requested").doesNotContain("Heloisa");
        assertThat(pending.get("items").valueStream().map(r -> r.get("id").asString()))
                .contains(request);
        // Each side is offered what it may do: the owner decides, the requester may not (issue #28).
        assertThat(canDecide(t.adminToken(), request)).isTrue();
        assertThat(canDecide(biaToken, request)).isFalse();
        assertThat(api().post("/api/v1/access-requests/" + request + "/approve", biaToken, Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(api().post("/api/v1/access-requests/" + request + "/approve", t.adminToken(), Map.of())
                        .status())
                .isEqualTo(200);
        assertThat(api().get("/api/v1/contacts/" + contact, biaToken).status()).isEqualTo(200);
        assertThat(canDecide(biaToken, request))
                .as("decided: nobody is offered it")
                .isFalse();
        assertThat(api().post("/api/v1/access-requests", biaToken, Map.of("recordType", "contact", "recordId", contact))
                        .status())
                .isEqualTo(409);

        String other = created(api().post("/api/v1/contacts", t.adminToken(), Map.of("firstName", "Other")));
        String second = created(
                api().post("/api/v1/access-requests", biaToken, Map.of("recordType", "contact", "recordId", other)));
        api().post("/api/v1/access-requests/" + second + "/deny", t.adminToken(), Map.of());
        assertThat(api().get("/api/v1/contacts/" + other, biaToken).status()).isEqualTo(404);
        assertThat(api().get("/api/v1/notifications", biaToken).json().toString())
                .contains("access.denied")
                .contains("access.approved");
    }

    @Test
    void aManagerOfAListHoldingTheContactIsNeitherToldNorMayApprove() {
        UUID lia = newUser(t, "lia@" + t.slug() + ".test");
        String liaToken = login(t.slug(), "lia@" + t.slug() + ".test", PASSWORD);
        String list = created(api().post("/api/v1/lists", t.adminToken(), Map.of("name", "VIP")));
        api().post("/api/v1/lists/" + list + "/contacts", t.adminToken(), Map.of("contactId", contact));
        api().send(
                        "PUT",
                        "/api/v1/lists/" + list + "/members/" + lia,
                        t.adminToken(),
                        "application/json",
                        "{\"level\": \"MANAGER\"}");

        String request = created(
                api().post("/api/v1/access-requests", biaToken, Map.of("recordType", "contact", "recordId", contact)));

        // A list's manager shares the list, never its contacts: a grant never exceeds its granter.
        assertThat(api().get("/api/v1/notifications", liaToken).json().toString())
                .doesNotContain("access.requested");
        assertThat(api().post("/api/v1/access-requests/" + request + "/approve", liaToken, Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(api().get("/api/v1/contacts/" + contact, biaToken).status()).isEqualTo(404);
    }

    @Test
    void mailWaitsInTheOutboxWhileTheServerIsDownAndGoesOnceItIsBack() throws Exception {
        api().post("/api/v1/contacts/" + contact + "/comments", t.adminToken(), Map.of("body", "@{" + bia + "} soon"));
        long deadline = System.currentTimeMillis() + 10_000;
        JsonNode waiting;
        do {
            Thread.sleep(200);
            waiting = api().get("/api/v1/mail-outbox?unsent=true", t.adminToken())
                    .json()
                    .get("items");
        } while (System.currentTimeMillis() < deadline
                && (waiting.isEmpty() || waiting.get(0).get("attempts").asInt() == 0));

        assertThat(waiting.get(0).get("sentAt").isNull()).isTrue();
        assertThat(waiting.get(0).get("lastError").asString()).isNotEmpty();
        assertThat(api().get("/api/v1/mail-outbox", biaToken).status()).isEqualTo(403);

        startSmtp();
        MimeMessage mail = mailTo("bia@" + t.slug() + ".test");
        assertThat(mail.getSubject()).contains("mentioned");
        // The sender marks the mail sent after the SMTP server took it: wait for that commit.
        long marked = System.currentTimeMillis() + 10_000;
        JsonNode unsent;
        do {
            unsent = api().get("/api/v1/mail-outbox?unsent=true", t.adminToken())
                    .json()
                    .get("items");
        } while (!unsent.isEmpty() && System.currentTimeMillis() < marked && pause());
        assertThat(unsent.isEmpty()).as(unsent.toString()).isTrue();
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }

    /** Whether the caller's list of requests offers them this request's decision. */
    private boolean canDecide(String token, String request) {
        return api().get("/api/v1/access-requests", token)
                .json()
                .get("items")
                .valueStream()
                .filter(r -> r.get("id").asString().equals(request))
                .findFirst()
                .orElseThrow()
                .get("can")
                .get("decide")
                .asBoolean();
    }
}
