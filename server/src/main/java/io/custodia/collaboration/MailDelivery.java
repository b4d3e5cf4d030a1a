package io.custodia.collaboration;

import io.custodia.platform.BacklogGauge;
import io.custodia.platform.Tenancy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox through the SMTP server configured with {@code spring.mail.host}. Without one,
 * mail stays in the outbox (and shows there); a failure is retried with backoff.
 */
@Component
class MailDelivery {
    private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);

    private final MailOutbox outbox;
    private final ObjectProvider<JavaMailSender> smtp;
    private final TransactionTemplate tx;
    private final String from;
    private final Duration retryBase;
    private final Counter failures;

    MailDelivery(
            MailOutbox outbox,
            ObjectProvider<JavaMailSender> smtp,
            PlatformTransactionManager transactions,
            @Value("${custodia.mail.from:Custodia <no-reply@custodia.invalid>}") String from,
            @Value("${custodia.mail.retry-base:PT10S}") Duration retryBase,
            MeterRegistry meters) {
        this.retryBase = retryBase;
        this.outbox = outbox;
        this.smtp = smtp;
        this.tx = new TransactionTemplate(transactions);
        this.from = from;
        this.failures = Counter.builder("custodia.mail.failures")
                .description("Attempts to send a mail from the outbox that failed (each is retried later)")
                .register(meters);
        BacklogGauge.register(
                meters, "custodia.mail.outbox.backlog", "Mails in the outbox not sent yet", outbox::unsent);
    }

    @Scheduled(fixedDelayString = "${custodia.mail.poll:PT2S}")
    void sendDue() {
        Tenancy.acrossWorkspaces(this::sendEveryDue);
    }

    private void sendEveryDue() {
        JavaMailSender sender = smtp.getIfAvailable();
        if (sender == null) {
            return;
        }
        tx.executeWithoutResult(status -> {
            for (MailOutbox.Mail mail : outbox.due(50)) {
                try {
                    SimpleMailMessage message = new SimpleMailMessage();
                    message.setFrom(from);
                    message.setTo(new InternetAddress(mail.to(), true).getAddress());
                    message.setSubject(mail.subject());
                    message.setText(mail.body());
                    sender.send(message);
                    outbox.sent(mail);
                } catch (Exception e) {
                    log.warn(
                            "mail {} to {} not sent (attempt {}): {}",
                            mail.id(),
                            mail.to(),
                            mail.attempts() + 1,
                            e.toString());
                    outbox.failed(mail, e.toString(), retryBase);
                    failures.increment();
                }
            }
        });
    }
}
