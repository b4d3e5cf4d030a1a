package io.custodia.integrations;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser without JavaScript: keeps cookies, follows nothing by itself, reads forms. */
final class Browser {
    private static final Pattern FORM =
            Pattern.compile("<form method=\"post\" action=\"([^\"]+)\">(.*?)</form>", Pattern.DOTALL);
    private static final Pattern HIDDEN =
            Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">");

    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    Browser(int port) {
        this.base = "http://localhost:" + port;
    }

    /** A form of the page: where it posts and its hidden fields, in order (repeated names kept). */
    record Form(String action, List<Map.Entry<String, String>> fields) {}

    HttpResponse<String> get(String pathOrUrl) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(pathOrUrl))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathOrUrl, List<Map.Entry<String, String>> fields) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(pathOrUrl))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(encode(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Form> forms(String html) {
        List<Form> forms = new ArrayList<>();
        Matcher f = FORM.matcher(html);
        while (f.find()) {
            List<Map.Entry<String, String>> fields = new ArrayList<>();
            Matcher h = HIDDEN.matcher(f.group(2));
            while (h.find()) {
                fields.add(
                        Map.entry(h.group(1), h.group(2).replace("&amp;", "&").replace("&quot;", "\"")));
            }
            forms.add(new Form(f.group(1), fields));
        }
        return forms;
    }

    static Map<String, String> query(String url) {
        Map<String, String> params = new LinkedHashMap<>();
        String q = URI.create(url).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                params.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    static String encode(List<Map.Entry<String, String>> fields) {
        StringBuilder body = new StringBuilder();
        for (Map.Entry<String, String> f : fields) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    private URI uri(String pathOrUrl) {
        return URI.create(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
    }
}
