package io.custodia.collaboration;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.custodia.ApiTest;
import jakarta.mail.internet.MimeMessage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The day before an access review campaign's deadline, a reviewer with undecided items is told once,
 * in the app and by e-mail in the language they chose; one with nothing left to decide is not.
 */
class ReviewRemindersTest extends ApiTest {
    @Autowired
    ReviewReminderNotices notices;

    private GreenMail smtp;

    @AfterEach
    void stopSmtp() {
        if (smtp != null) {
            smtp.stop();
        }
    }

    private MimeMessage mailTo(String address) throws InterruptedException {
        return Mailbox.mailTo(smtp, address);
    }

    private JsonNode notices(String token) {
        return api().get("/api/v1/notifications", token).json().get("items");
    }

    @Test
    void theReviewerIsRemindedOnceTheDayBeforeInTheirLanguage() throws Exception {
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "localhost", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Tenant t = newWorkspace();
        String vendas = vendasWithAHead(t, "Bia").department();
        String helenas = login(t.slug(), "helena@" + t.slug() + ".test", PASSWORD);
        api().patch("/api/v1/me", helenas, Map.of("language", "pt-BR"));
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusDays(7).truncatedTo(ChronoUnit.SECONDS);
        created(api().post(
                        "/api/v1/access/reviews",
                        t.adminToken(),
                        Map.of(
                                "name",
                                "Q4",
                                "scope",
                                Map.of("kind", "department", "departmentId", vendas),
                                "dueAt",
                                due.toString(),
                                "onTimeout",
                                "keep")));

        notices.remind(due.minusDays(2));
        assertThat(notices(helenas).size()).as("two days before: not yet").isZero();

        notices.remind(due.minusHours(12));
        notices.remind(due.minusHours(11));
        JsonNode told = notices(helenas);
        assertThat(told.size()).as("told once").isEqualTo(1);
        assertThat(told.get(0).get("message").asString()).contains("Q4").contains("1 item");
        MimeMessage mail = mailTo("helena@" + t.slug() + ".test");
        assertThat(mail.getSubject()).isEqualTo("Revisão de acesso \"Q4\": sua decisão vence em breve");
        assertThat(String.valueOf(mail.getContent())).contains("/access/reviews/");
    }
}
