package io.custodia.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.ApiTest;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seed 004: "after clicking the 'View comment' link of the notification, the app opens with a
 * message saying 'Access required'". The link of a mention's e-mail, followed in the console: the
 * record at the comment for a reader who may read it; the access-required screen with its request
 * button for one who may not, the same for a record that does not exist.
 */
class ConsoleMentionLinkTest extends ApiTest {
    private static final Pattern LINK = Pattern.compile("/access-requests\\?\\S+");

    private Tenant tenant;
    private String contact;
    private String comment;

    @BeforeEach
    void aMentionOfOneWhoReadsAndOneWhoDoesNot() {
        Assumptions.assumeTrue(ConsoleBrowser.available(), "chromium and chromedriver are installed by .ci/run");
        tenant = newWorkspace();
        UUID bia = newUser(tenant, "bia@" + tenant.slug() + ".test");
        UUID caio = newUser(tenant, "caio@" + tenant.slug() + ".test");
        created(api().post(
                        "/api/v1/role-assignments",
                        tenant.adminToken(),
                        Map.of("roleId", roleId(tenant, "Read only"), "userId", caio.toString())));
        contact = created(api().post(
                        "/api/v1/contacts",
                        tenant.adminToken(),
                        Map.of("firstName", "Heloisa", "lastName", "Confidencial")));
        comment = created(api().post(
                        "/api/v1/contacts/" + contact + "/comments",
                        tenant.adminToken(),
                        Map.of("body", "Vejam isto @{" + bia + "} @{" + caio + "}")));
    }

    /** The link of the mention e-mail sent to this address, as path and query. */
    private String linkMailedTo(String who) {
        String to = who + "@" + tenant.slug() + ".test";
        var mail = api().get("/api/v1/mail-outbox", tenant.adminToken())
                .json()
                .get("items")
                .valueStream()
                .filter(m -> m.get("to").asString().equals(to))
                .findFirst()
                .orElseThrow();
        Matcher link = LINK.matcher(mail.get("body").asString());
        assertThat(link.find()).as(mail.toString()).isTrue();
        return link.group();
    }

    private void signIn(ConsoleBrowser browser, String lang, String who) {
        browser.signIn(lang, tenant.slug(), who + "@" + tenant.slug() + ".test", PASSWORD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-BR", "en"})
    void aReaderLandsOnTheCommentAndAnotherIsToldAccessIsRequiredAndAsksForIt(String lang) {
        boolean pt = lang.equals("pt-BR");
        String caiosLink = linkMailedTo("caio");
        String biasLink = linkMailedTo("bia");
        assertThat(caiosLink).isEqualTo(biasLink).contains("commentId=" + comment);

        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "caio");
            browser.open(caiosLink);
            assertThat(browser.path()).isEqualTo("/contacts/" + contact);
            assertThat(browser.fragment()).isEqualTo("comment-" + comment);
            assertThat(browser.text()).contains("Vejam isto");
        }
        try (ConsoleBrowser browser = new ConsoleBrowser(port())) {
            signIn(browser, lang, "bia");
            browser.open(biasLink);
            String shown = browser.text();
            assertThat(browser.heading()).isEqualTo(pt ? "Acesso necessário" : "Access required");
            assertThat(shown).doesNotContain("Heloisa").doesNotContain("Vejam isto");

            browser.open("/access-requests?recordType=contact&recordId=" + UUID.randomUUID() + "&commentId="
                    + UUID.randomUUID());
            assertThat(browser.text())
                    .as("a record that does not exist shows the same screen")
                    .isEqualTo(shown);

            browser.open(biasLink);
            browser.press(pt ? "Pedir acesso" : "Ask for access");
            assertThat(browser.path()).isEqualTo("/access-requests");
        }
        assertThat(api().get("/api/v1/access-requests", tenant.adminToken()).body())
                .contains(contact)
                .contains("PENDING");
    }
}
