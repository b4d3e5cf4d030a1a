package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries as an attacker would aim them, against a receiver on this machine: a name that
 * resolves to a private address (DNS rebinding) reaches nothing, a redirect is not followed, and
 * every failure is told in a few fixed words.
 */
class WebhookSenderTest {
    /** The words deliveries report; nothing else (no exception class, no message) may appear. */
    static final Set<String> CATEGORIES = Set.of(
            "refused address",
            "unknown host",
            "connection failed",
            "timeout",
            "TLS",
            "network error",
            "HTTP 3xx (redirects are not followed)",
            "HTTP 4xx",
            "HTTP 5xx");

    private HttpServer receiver;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<Integer> answers = new ArrayList<>();
    private final List<WebhookSender> senders = new ArrayList<>();

    @BeforeEach
    void aReceiverOnThisMachine() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            requests.incrementAndGet();
            int status;
            synchronized (answers) {
                status = answers.isEmpty() ? 200 : answers.remove(0);
            }
            if (status == 302) {
                exchange.getResponseHeaders().set("Location", "http://127.0.0.1:" + port() + "/hook?followed");
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() throws IOException {
        receiver.stop(0);
        for (WebhookSender s : senders) {
            s.close();
        }
    }

    private int port() {
        return receiver.getAddress().getPort();
    }

    /** A DNS that answers every name with these addresses. */
    private static DnsResolver answering(String... addresses) {
        return new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] all = new InetAddress[addresses.length];
                for (int i = 0; i < addresses.length; i++) {
                    all[i] = InetAddress.getByName(addresses[i]);
                }
                return all;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
    }

    private WebhookSender sender(boolean allowPrivate, DnsResolver dns, Timeout response) {
        WebhookSender s = new WebhookSender(new WebhookTargets(allowPrivate), dns, Timeout.ofSeconds(2), response);
        senders.add(s);
        return s;
    }

    private WebhookSender.Outcome post(WebhookSender sender, String url) {
        WebhookSender.Outcome outcome = sender.post(url, Map.of("webhook-id", "msg_1"), "{}");
        if (outcome.error() != null) {
            assertThat(CATEGORIES).as("the words for a failure").contains(outcome.error());
        }
        return outcome;
    }

    @Test
    void aNameThatResolvesToAPrivateAddressReachesNothing() {
        // The name passed when the app was saved; at delivery it resolves to this machine.
        WebhookSender strict = sender(false, answering("127.0.0.1"), Timeout.ofSeconds(5));
        assertThat(post(strict, "https://hooks.example.com:" + port() + "/hook").error())
                .isEqualTo("refused address");
        // One private answer among public ones refuses the name whole.
        WebhookSender mixed = sender(false, answering("93.184.216.34", "10.0.0.7"), Timeout.ofSeconds(5));
        assertThat(post(mixed, "https://hooks.example.com:" + port() + "/hook").error())
                .isEqualTo("refused address");
        for (String address : List.of("169.254.169.254", "0.0.0.0", "::1", "::ffff:127.0.0.1", "fd00:ec2::254")) {
            WebhookSender rebound = sender(false, answering(address), Timeout.ofSeconds(5));
            assertThat(post(rebound, "https://hooks.example.com:" + port() + "/hook")
                            .error())
                    .as(address)
                    .isEqualTo("refused address");
        }
        // A URL that is private by itself is refused before any name is looked up.
        assertThat(post(strict, "https://127.0.0.1:" + port() + "/hook").error())
                .isEqualTo("refused address");
        assertThat(post(strict, "http://localhost:" + port() + "/hook").error()).isEqualTo("refused address");
        assertThat(requests.get()).as("requests that reached the receiver").isZero();
    }

    @Test
    void theDeliveryConnectsToTheAddressItCheckedNotToAFreshAnswer() {
        // The name means nothing to the real DNS: reaching the receiver proves the checked answer was used.
        WebhookSender onPremise = sender(true, answering("127.0.0.1"), Timeout.ofSeconds(5));
        WebhookSender.Outcome outcome = post(onPremise, "http://receiver.invalid:" + port() + "/hook");
        assertThat(outcome.delivered()).as(String.valueOf(outcome.error())).isTrue();
        assertThat(outcome.status()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void theSocketRefusesAPrivateAddressWhicheverWayItWasReached() throws IOException {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket socket = new WebhookSender.CheckedSocket(new WebhookTargets(false))) {
            assertThatThrownBy(() -> socket.connect(new InetSocketAddress("127.0.0.1", listening.getLocalPort()), 1000))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("loopback");
            assertThat(socket.isConnected()).isFalse();
        }
    }

    @Test
    void redirectsAreNotFollowedAndEveryFailureIsACategory() throws IOException {
        WebhookSender onPremise = sender(true, answering("127.0.0.1"), Timeout.ofMilliseconds(500));
        String hook = "http://receiver.invalid:" + port() + "/hook";
        synchronized (answers) {
            answers.addAll(List.of(302, 503, 404));
        }
        assertThat(post(onPremise, hook))
                .isEqualTo(new WebhookSender.Outcome(302, "HTTP 3xx (redirects are not followed)"));
        assertThat(requests.get()).as("the redirect was not followed").isEqualTo(1);
        assertThat(post(onPremise, hook)).isEqualTo(new WebhookSender.Outcome(503, "HTTP 5xx"));
        assertThat(post(onPremise, hook)).isEqualTo(new WebhookSender.Outcome(404, "HTTP 4xx"));

        // TLS spoken to a receiver that answers in plain text.
        try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answering = new Thread(() -> {
                try (Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes());
                } catch (IOException closed) {
                    // the test is over
                }
            });
            answering.start();
            assertThat(post(onPremise, "https://receiver.invalid:" + plain.getLocalPort() + "/hook")
                            .error())
                    .isEqualTo("TLS");
            answering.join(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // A receiver that accepts the connection and never answers.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThat(post(onPremise, "http://receiver.invalid:" + silent.getLocalPort() + "/hook")
                            .error())
                    .isEqualTo("timeout");
        }
        // Nobody listening.
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(post(onPremise, "http://receiver.invalid:" + closed + "/hook")
                        .error())
                .isEqualTo("connection failed");
        WebhookSender nowhere = sender(
                true,
                new DnsResolver() {
                    @Override
                    public InetAddress[] resolve(String host) throws UnknownHostException {
                        throw new UnknownHostException(host);
                    }

                    @Override
                    public String resolveCanonicalHostname(String host) throws UnknownHostException {
                        throw new UnknownHostException(host);
                    }
                },
                Timeout.ofSeconds(1));
        assertThat(post(nowhere, "https://no-such-host.invalid/hook").error()).isEqualTo("unknown host");
    }
}
