package io.custodia.integrations;

import io.custodia.platform.ProblemText;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where a webhook may go, after OWASP's SSRF prevention guidance: {@code https} to a public
 * address. Loopback, private, shared (CGNAT) and unique-local addresses are refused unless
 * {@code custodia.webhooks.allow-private} admits them (receivers inside the company's own network,
 * which may also use {@code http}); link-local addresses (cloud metadata among them), multicast,
 * unspecified, broadcast and reserved ones are refused always. IPv6 forms that carry an IPv4
 * address (mapped, compatible, NAT64, 6to4) are judged by that address.
 *
 * <p>A URL is judged twice: when the app is saved, by its literal address or the name
 * {@code localhost}; and when a delivery connects, by every address its name resolves to and by
 * the address the socket actually connects to ({@link WebhookSender}).
 */
@Component
class WebhookTargets {
    /** Why an address is refused: its class, in the words the deliveries report. */
    enum Kind {
        PUBLIC(true, true),
        LOOPBACK(false, true),
        PRIVATE(false, true),
        SHARED(false, true),
        UNIQUE_LOCAL(false, true),
        LINK_LOCAL(false, false),
        CLOUD_METADATA(false, false),
        MULTICAST(false, false),
        UNSPECIFIED(false, false),
        RESERVED(false, false);

        final boolean reachable;
        final boolean privateNetwork;

        Kind(boolean reachable, boolean privateNetwork) {
            this.reachable = reachable;
            this.privateNetwork = privateNetwork;
        }

        String words() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    private record Block(byte[] prefix, int bits, Kind kind) {
        boolean holds(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    // The most specific blocks first: the first that holds an address names its class.
    private static final List<Block> BLOCKS = List.of(
            block("100.100.100.200/32", Kind.CLOUD_METADATA),
            block("fd00:ec2::254/128", Kind.CLOUD_METADATA),
            block("0.0.0.0/8", Kind.UNSPECIFIED),
            block("10.0.0.0/8", Kind.PRIVATE),
            block("100.64.0.0/10", Kind.SHARED),
            block("127.0.0.0/8", Kind.LOOPBACK),
            block("169.254.0.0/16", Kind.LINK_LOCAL),
            block("172.16.0.0/12", Kind.PRIVATE),
            block("192.0.0.0/24", Kind.RESERVED),
            block("192.0.2.0/24", Kind.RESERVED),
            block("192.88.99.0/24", Kind.RESERVED),
            block("192.168.0.0/16", Kind.PRIVATE),
            block("198.18.0.0/15", Kind.RESERVED),
            block("198.51.100.0/24", Kind.RESERVED),
            block("203.0.113.0/24", Kind.RESERVED),
            block("224.0.0.0/4", Kind.MULTICAST),
            block("240.0.0.0/4", Kind.RESERVED),
            block("::/128", Kind.UNSPECIFIED),
            block("::1/128", Kind.LOOPBACK),
            block("64:ff9b:1::/48", Kind.PRIVATE),
            block("100::/64", Kind.RESERVED),
            block("2001::/23", Kind.RESERVED),
            block("2001:db8::/32", Kind.RESERVED),
            block("fc00::/7", Kind.UNIQUE_LOCAL),
            block("fe80::/10", Kind.LINK_LOCAL),
            block("fec0::/10", Kind.PRIVATE),
            block("ff00::/8", Kind.MULTICAST),
            // Global unicast is 2000::/3; everything else in IPv6 is unassigned.
            block("2000::/3", Kind.PUBLIC),
            block("::/0", Kind.RESERVED));

    // Digits, dots and hex: a host that some resolver reads as an IPv4 address in one notation or another.
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)[0-9a-fx.]+");
    private static final Pattern DOTTED_QUAD = Pattern.compile(
            "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    private final boolean allowPrivate;

    WebhookTargets(@Value("${custodia.webhooks.allow-private:false}") boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The class of an address; an IPv6 address carrying an IPv4 one is judged by that one. */
    static Kind classify(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            byte[] carried = carriedIpv4(bytes);
            if (carried != null) {
                bytes = carried;
            }
        }
        for (Block b : BLOCKS) {
            if (b.holds(bytes)) {
                return b.kind;
            }
        }
        return Kind.PUBLIC;
    }

    /** Why a delivery may not connect to this address, or empty when it may. */
    Optional<String> refusal(InetAddress address) {
        Kind kind = classify(address);
        boolean admitted = kind.reachable || (allowPrivate && kind.privateNetwork);
        return admitted ? Optional.empty() : Optional.of(kind.words() + " address " + address.getHostAddress());
    }

    /**
     * Why this URL cannot receive webhooks, judged without asking DNS (its literal address, or the
     * name {@code localhost}), or empty when it can.
     */
    Optional<ProblemText> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(ProblemText.of("not an address"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            return Optional.of(
                    ProblemText.of(allowPrivate ? "must be an http or https address" : "must be an https address"));
        }
        if (uri.getHost() == null) {
            return Optional.of(ProblemText.of("not an address"));
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of(ProblemText.of("must not carry a user name or password"));
        }
        if (uri.getRawFragment() != null) {
            return Optional.of(ProblemText.of("must not carry a fragment"));
        }
        String host = host(uri);
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return allowPrivate ? Optional.empty() : Optional.of(ProblemText.of("must not be this server (localhost)"));
        }
        Optional<InetAddress> literal;
        try {
            literal = literal(host);
        } catch (UnknownHostException e) {
            return Optional.of(ProblemText.of(
                    host.contains(":") ? "not an address" : "write an IPv4 address as four decimal numbers (a.b.c.d)"));
        }
        return literal.filter(a -> refusal(a).isPresent())
                .map(a -> ProblemText.of("refused: {0} address {1}", classify(a).words(), a.getHostAddress()));
    }

    /** The host as a resolver sees it: lower case, without IPv6 brackets or a final dot. */
    static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            return host.substring(1, host.length() - 1);
        }
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }

    /**
     * The address a host names literally, without DNS; a numeric host in any notation but the
     * dotted quad (decimal {@code 2130706433}, octal {@code 0177.0.0.1}, hex {@code 0x7f.1}, short
     * {@code 127.1}) is refused, since resolvers disagree on what it means.
     */
    static Optional<InetAddress> literal(String host) throws UnknownHostException {
        if (host.contains(":")) {
            return Optional.of(InetAddress.getByName("[" + host + "]"));
        }
        String last = host.substring(host.lastIndexOf('.') + 1);
        boolean numeric = NUMERIC_HOST.matcher(host).matches()
                && (last.chars().allMatch(Character::isDigit) || last.startsWith("0x"));
        if (!numeric) {
            return Optional.empty();
        }
        if (!DOTTED_QUAD.matcher(host).matches()) {
            throw new UnknownHostException(host);
        }
        return Optional.of(InetAddress.getByName(host));
    }

    /** The IPv4 address an IPv6 one carries (mapped, compatible, NAT64 or 6to4), or null. */
    private static byte[] carriedIpv4(byte[] v6) {
        boolean zeroes80 = true;
        for (int i = 0; i < 10; i++) {
            zeroes80 &= v6[i] == 0;
        }
        if (zeroes80 && (v6[10] & 0xff) == 0xff && (v6[11] & 0xff) == 0xff) {
            return tail(v6, 12); // ::ffff:a.b.c.d
        }
        if (zeroes80 && v6[10] == 0 && v6[11] == 0) {
            // ::a.b.c.d (deprecated "compatible"); :: and ::1 themselves are not IPv4.
            boolean small = v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && (v6[15] & 0xff) <= 1;
            return small ? null : tail(v6, 12);
        }
        if (v6[0] == 0 && v6[1] == 0x64 && (v6[2] & 0xff) == 0xff && (v6[3] & 0xff) == 0x9b) {
            boolean wellKnown = true;
            for (int i = 4; i < 12; i++) {
                wellKnown &= v6[i] == 0;
            }
            return wellKnown ? tail(v6, 12) : null; // 64:ff9b::a.b.c.d (NAT64)
        }
        if (v6[0] == 0x20 && v6[1] == 0x02) {
            return new byte[] {v6[2], v6[3], v6[4], v6[5]}; // 2002:aabb:ccdd::/48 (6to4)
        }
        return null;
    }

    private static byte[] tail(byte[] v6, int from) {
        return new byte[] {v6[from], v6[from + 1], v6[from + 2], v6[from + 3]};
    }

    private static Block block(String cidr, Kind kind) {
        int slash = cidr.indexOf('/');
        try {
            String address = cidr.substring(0, slash);
            InetAddress parsed = InetAddress.getByName(address.contains(":") ? "[" + address + "]" : address);
            byte[] prefix = parsed.getAddress();
            if (address.contains(":") && parsed instanceof Inet4Address) {
                throw new IllegalStateException("an IPv6 block that Java reads as IPv4: " + cidr);
            }
            return new Block(prefix, Integer.parseInt(cidr.substring(slash + 1)), kind);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(cidr, e);
        }
    }
}
