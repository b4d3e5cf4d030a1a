package io.custodia.collaboration;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;

/**
 * What the tests' SMTP server received: the first message to an address, waited for with a deadline
 * long enough for the outbox to work through mail that earlier test classes left waiting for a
 * server (sent 50 at a time, retried with backoff).
 */
final class Mailbox {
    private Mailbox() {}

    static MimeMessage mailTo(GreenMail smtp, String address) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage m : smtp.getReceivedMessages()) {
                try {
                    if (Arrays.stream(m.getAllRecipients())
                            .anyMatch(a -> a.toString().equals(address))) {
                        return m;
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail to " + address);
    }
}
