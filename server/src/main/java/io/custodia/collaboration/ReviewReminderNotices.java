package io.custodia.collaboration;

import io.custodia.access.AccessPolicies;
import io.custodia.access.ReviewReminders;
import io.custodia.directory.Users;
import io.custodia.platform.Tenancy;
import io.custodia.platform.Text;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A day before an access review campaign's deadline, each reviewer who still has undecided items is
 * told: a notification, and an e-mail in the language they chose (access-model, "Access review
 * campaigns"). The deadline itself closes the campaign whether or not they were.
 */
@Service
class ReviewReminderNotices {
    static final Duration AHEAD = Duration.ofDays(1);
    private final ReviewReminders reminders;
    private final Notifications notifications;
    private final MailOutbox mail;
    private final Users users;
    private final AccessPolicies access;
    private final MessageSource messages;
    private final String baseUrl;

    ReviewReminderNotices(
            ReviewReminders reminders,
            Notifications notifications,
            MailOutbox mail,
            Users users,
            AccessPolicies access,
            MessageSource messages,
            @Value("${custodia.public-url:http://localhost:8080}") String baseUrl) {
        this.reminders = reminders;
        this.notifications = notifications;
        this.mail = mail;
        this.users = users;
        this.access = access;
        this.messages = messages;
        this.baseUrl = baseUrl;
    }

    @Scheduled(fixedDelayString = "${custodia.reviews.reminder-poll:PT1M}")
    public void sweep() {
        remind(OffsetDateTime.ofInstant(access.now(), ZoneOffset.UTC));
    }

    /** Tells every reviewer of every campaign due within a day of {@code now}, once. */
    @Transactional
    public void remind(OffsetDateTime now) {
        Tenancy.acrossWorkspaces(() -> {
            for (ReviewReminders.Reminder r : reminders.claim(now, AHEAD)) {
                Text notice = Text.of("notice.review.due", r.name(), r.undecided(), r.dueAt());
                notifications.notify(r.workspaceId(), r.reviewer(), "access_review.due", null, null, false, notice);
                users.find(r.workspaceId(), r.reviewer()).ifPresent(user -> {
                    Locale language = users.languageOf(r.workspaceId(), user.id());
                    mail.enqueue(
                            r.workspaceId(),
                            user.email(),
                            Text.of("mail.review.subject", r.name()).in(messages, language),
                            notice.in(messages, language) + "\n\n"
                                    + Text.of("mail.review.open", baseUrl + "/access/reviews/" + r.campaignId())
                                            .in(messages, language)
                                    + "\n");
                });
            }
            return null;
        });
    }
}
