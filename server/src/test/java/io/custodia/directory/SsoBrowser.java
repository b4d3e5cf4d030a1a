package io.custodia.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A browser with its own cookies that follows nothing by itself, so that a test sees (and may
 * change) every step of a sign-in through a provider: the server's start, the provider's answer,
 * and the server's callback.
 */
final class SsoBrowser {
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final URI server;

    SsoBrowser(int port) {
        this.server = URI.create("http://localhost:" + port + "/");
    }

    HttpResponse<String> get(URI uri) {
        try {
            return http.send(
                    HttpRequest.newBuilder(server.resolve(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where a redirect sends the browser, resolved against the server. */
    URI redirect(HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as(response.uri() + " " + response.body())
                .isBetween(301, 303);
        return server.resolve(response.headers().firstValue("Location").orElseThrow());
    }

    /** "Entrar com a sua empresa" with this e-mail: the server's first answer. */
    HttpResponse<String> start(String email) {
        return get(URI.create("/sso?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8)));
    }

    /** From the e-mail to the provider's authorization request (its URL, with state, nonce and PKCE). */
    URI toProvider(String email) {
        return redirect(get(redirect(start(email))));
    }

    /** The provider's answer (it signs in without asking): the callback address it sends the browser to. */
    URI provider(URI authorize) {
        return redirect(get(authorize));
    }

    /** Where the server sends the browser after the callback: the console, or the sign-in page with a reason. */
    String callback(URI callback) {
        URI next = redirect(get(callback));
        return next.getRawPath() + (next.getRawQuery() == null ? "" : "?" + next.getRawQuery());
    }

    /** The whole way, from the e-mail to where the browser ends. */
    String signIn(String email) {
        return callback(provider(toProvider(email)));
    }

    /** The status of "who am I" with this browser's session. */
    int me() {
        return get(URI.create("/api/v1/me")).statusCode();
    }

    String meBody() {
        return get(URI.create("/api/v1/me")).body();
    }
}
