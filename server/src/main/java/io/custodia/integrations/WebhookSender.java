package io.custodia.integrations;

import io.custodia.platform.ProblemText;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts one webhook, and says how it went in a few fixed words (never an exception's class or
 * message, which would turn the delivery log into a port scanner). The receiver's name is resolved
 * once; if any of its addresses is refused ({@link WebhookTargets}) nothing is sent, and the socket
 * checks again the address it actually connects to, so a name that resolves differently a moment
 * later (DNS rebinding) gains nothing. Redirects are not followed, and connections are not reused.
 */
final class WebhookSender implements AutoCloseable {
    static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);
    static final Timeout RESPONSE_TIMEOUT = Timeout.ofSeconds(10);

    /** How a delivery went: the receiver's status if it answered, and what went wrong (null: delivered). */
    record Outcome(Integer status, String error) {
        boolean delivered() {
            return error == null;
        }
    }

    /** A connection the targets refuse; never leaves this class. */
    private static final class Refused extends IOException {
        Refused(String why) {
            super(why);
        }
    }

    private final WebhookTargets targets;
    private final CloseableHttpClient http;

    WebhookSender(WebhookTargets targets) {
        this(targets, SystemDefaultDnsResolver.INSTANCE, CONNECT_TIMEOUT, RESPONSE_TIMEOUT);
    }

    /** With this resolver and these limits (tests pose as a DNS that changes its answer). */
    WebhookSender(WebhookTargets targets, DnsResolver names, Timeout connect, Timeout response) {
        this.targets = targets;
        DnsResolver checked = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = names.resolve(host);
                for (InetAddress a : addresses) {
                    Optional<String> why = targets.refusal(a);
                    if (why.isPresent()) {
                        // A name with any refused address is refused whole, whichever one would be tried first.
                        throw new RefusedName(why.get());
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) throws UnknownHostException {
                return names.resolveCanonicalHostname(host);
            }
        };
        var tls = RegistryBuilder.<TlsSocketStrategy>create()
                .register("https", DefaultClientTlsStrategy.createDefault())
                .build();
        var operator = new DefaultHttpClientConnectionOperator(proxy -> new CheckedSocket(targets), null, checked, tls);
        var connections = new PoolingHttpClientConnectionManager(
                operator, PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, TimeValue.NEG_ONE_MILLISECOND, null);
        connections.setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(connect)
                .setSocketTimeout(response)
                .build());
        this.http = HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .setConnectionReuseStrategy((request, answer, context) -> false)
                .setUserAgent("Custodia-Webhooks")
                .build();
    }

    /** Posts the JSON body with these headers to the URL, once. */
    Outcome post(String url, Map<String, String> headers, String body) {
        Optional<ProblemText> problem = targets.problem(url);
        if (problem.isPresent()) {
            return new Outcome(null, "refused address");
        }
        HttpPost request = new HttpPost(URI.create(url));
        headers.forEach(request::setHeader);
        request.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        // The body is not read: closing the response unread drops the connection.
        try (ClassicHttpResponse response = http.executeOpen(null, request, null)) {
            int status = response.getCode();
            return new Outcome(status, status / 100 == 2 ? null : statusWords(status));
        } catch (IOException e) {
            return new Outcome(null, category(e));
        }
    }

    static String statusWords(int status) {
        return status / 100 == 3 ? "HTTP 3xx (redirects are not followed)" : "HTTP " + status / 100 + "xx";
    }

    /** The few words a failed connection is reported in. */
    static String category(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Refused || t instanceof RefusedName) {
                return "refused address";
            }
            if (t instanceof SSLException) {
                return "TLS";
            }
            if (t instanceof ConnectTimeoutException || t instanceof InterruptedIOException) {
                return "timeout";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return "connection failed";
            }
        }
        return "network error";
    }

    @Override
    public void close() throws IOException {
        http.close();
    }

    /** A refused name; an UnknownHostException as the resolver's contract asks, told apart by its class. */
    private static final class RefusedName extends UnknownHostException {
        RefusedName(String why) {
            super(why);
        }
    }

    /** A socket that refuses to connect to an address the targets refuse: the address actually used. */
    static final class CheckedSocket extends Socket {
        private final WebhookTargets targets;

        CheckedSocket(WebhookTargets targets) {
            this.targets = targets;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress address) || address.getAddress() == null) {
                throw new Refused("an unresolved address");
            }
            Optional<String> why = targets.refusal(address.getAddress());
            if (why.isPresent()) {
                throw new Refused(why.get());
            }
            super.connect(endpoint, timeout);
        }
    }
}
