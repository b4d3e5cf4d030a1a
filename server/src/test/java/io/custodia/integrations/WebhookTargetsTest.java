package io.custodia.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.custodia.integrations.WebhookTargets.Kind;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where webhooks may go (OWASP SSRF prevention): every class of private address, in every notation
 * an attacker would try, is refused when an app is saved; only public https targets pass, unless
 * {@code custodia.webhooks.allow-private} admits the company's own network.
 */
public class WebhookTargetsTest {
    private final WebhookTargets strict = new WebhookTargets(false);
    private final WebhookTargets onPremise = new WebhookTargets(true);

    /** The addresses and the usual bypasses: each is refused when the setting is off. */
    public static final List<String> PRIVATE_TARGETS = List.of(
            "https://169.254.169.254/latest/meta-data/",
            "https://10.0.0.1/",
            "https://192.168.1.1:8443/",
            "https://172.31.255.255/",
            "http://localhost:5432/",
            "https://localhost:5432/",
            "https://LOCALHOST./",
            "https://db.localhost/",
            "https://127.0.0.1:5432/",
            "https://127.255.255.254/",
            "https://100.64.0.1/",
            "https://100.100.100.200/",
            "https://0.0.0.0/",
            "https://0.0.0.0:5432/",
            "https://224.0.0.1/",
            "https://255.255.255.255/",
            "https://2130706433/",
            "https://017700000001/",
            "https://0177.0.0.1/",
            "https://0x7f.0.0.1/",
            "https://0x7f000001/",
            "https://127.1/",
            "https://127.0.1/",
            "https://[::1]/",
            "https://[0:0:0:0:0:0:0:1]/",
            "https://[::]/",
            "https://[::ffff:127.0.0.1]/",
            "https://[::ffff:7f00:1]/",
            "https://[0:0:0:0:0:ffff:a9fe:a9fe]/",
            "https://[::127.0.0.1]/",
            "https://[::a00:1]/",
            "https://[64:ff9b::a9fe:a9fe]/",
            "https://[64:ff9b::10.0.0.1]/",
            "https://[2002:7f00:1::]/",
            "https://[2002:a9fe:a9fe::1]/",
            "https://[fd00:ec2::254]/",
            "https://[fc00::1]/",
            "https://[fd12:3456::1]/",
            "https://[fe80::1]/",
            "https://[ff02::1]/");

    @Test
    void everyClassOfPrivateAddressInEveryNotationIsRefusedWhenAnAppIsSaved() {
        for (String url : PRIVATE_TARGETS) {
            assertThat(strict.problem(url)).as(url).isPresent();
        }
    }

    @Test
    void publicHttpsTargetsPassAndOtherSchemesCredentialsAndFragmentsDoNot() {
        for (String url : List.of(
                "https://hooks.example.com/custodia",
                "https://hooks.example.com:8443/x?y=1",
                "https://93.184.216.34/hook",
                "https://[2606:4700:4700::1111]/hook",
                "https://1e100.net/",
                "https://127.0.0.1.example.com/")) {
            assertThat(strict.problem(url)).as(url).isEmpty();
        }
        assertThat(strict.problem("http://hooks.example.com/").map(Object::toString))
                .contains("must be an https address");
        assertThat(strict.problem("ftp://hooks.example.com/")).isPresent();
        assertThat(strict.problem("file:///etc/passwd")).isPresent();
        assertThat(strict.problem("https://user:secret@hooks.example.com/")).isPresent();
        assertThat(strict.problem("https://hooks.example.com/#x")).isPresent();
        assertThat(strict.problem("https:///nohost")).isPresent();
        assertThat(strict.problem("not a url at all")).isPresent();
        assertThat(strict.problem("https://127.0.0.1/").map(Object::toString))
                .contains("refused: loopback address 127.0.0.1");
        assertThat(strict.problem("https://2130706433/").map(Object::toString))
                .contains("write an IPv4 address as four decimal numbers (a.b.c.d)");
    }

    @Test
    void theOnPremiseSettingAdmitsTheCompanysNetworkButNeverMetadataLinkLocalOrMulticast() {
        for (String url : List.of(
                "http://localhost:8080/hook",
                "https://10.0.0.1/",
                "http://192.168.1.1:8443/",
                "https://100.64.0.1/",
                "https://[fd12:3456::1]/",
                "https://[::1]/")) {
            assertThat(onPremise.problem(url)).as(url).isEmpty();
        }
        for (String url : List.of(
                "https://169.254.169.254/latest/meta-data/",
                "https://100.100.100.200/",
                "https://[fd00:ec2::254]/",
                "https://[fe80::1]/",
                "https://0.0.0.0/",
                "https://224.0.0.1/",
                "https://[::ffff:169.254.169.254]/",
                "https://2130706433/")) {
            assertThat(onPremise.problem(url)).as(url).isPresent();
        }
    }

    @Test
    void addressesAreClassedByTheIpv4AddressTheyCarry() throws Exception {
        Map<String, Kind> expected = Map.ofEntries(
                Map.entry("8.8.8.8", Kind.PUBLIC),
                Map.entry("2606:4700:4700::1111", Kind.PUBLIC),
                Map.entry("127.0.0.1", Kind.LOOPBACK),
                Map.entry("::1", Kind.LOOPBACK),
                Map.entry("10.1.2.3", Kind.PRIVATE),
                Map.entry("172.16.0.1", Kind.PRIVATE),
                Map.entry("172.32.0.1", Kind.PUBLIC),
                Map.entry("192.168.0.1", Kind.PRIVATE),
                Map.entry("100.64.0.1", Kind.SHARED),
                Map.entry("100.128.0.1", Kind.PUBLIC),
                Map.entry("169.254.169.254", Kind.LINK_LOCAL),
                Map.entry("fe80::1", Kind.LINK_LOCAL),
                Map.entry("fd00:ec2::254", Kind.CLOUD_METADATA),
                Map.entry("fc00::1", Kind.UNIQUE_LOCAL),
                Map.entry("224.0.0.251", Kind.MULTICAST),
                Map.entry("ff02::1", Kind.MULTICAST),
                Map.entry("0.0.0.0", Kind.UNSPECIFIED),
                Map.entry("::", Kind.UNSPECIFIED),
                Map.entry("255.255.255.255", Kind.RESERVED),
                Map.entry("2001:db8::1", Kind.RESERVED),
                Map.entry("::ffff:10.0.0.1", Kind.PRIVATE),
                Map.entry("64:ff9b::7f00:1", Kind.LOOPBACK),
                Map.entry("2002:c0a8:101::1", Kind.PRIVATE),
                Map.entry("2002:808:808::1", Kind.PUBLIC));
        expected.forEach((address, kind) -> {
            try {
                assertThat(WebhookTargets.classify(InetAddress.getByName(address)))
                        .as(address)
                        .isEqualTo(kind);
            } catch (UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
        // An IPv4-mapped address as a resolver could hand it over: sixteen bytes, not Java's conversion.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        mapped[12] = 127;
        mapped[15] = 1;
        assertThat(strict.refusal(Inet6Address.getByAddress(null, mapped, null)))
                .isPresent();
    }
}
