package io.custodia.integrations;

import io.custodia.platform.ApiProblem;
import io.custodia.platform.ProblemText;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** What an app's redirect addresses and scopes must be, when it is registered and when it is edited. */
final class AppRules {
    private AppRules() {}

    /** Each unusable redirect address and unknown scope, named by its place in the body. */
    static void check(List<String> redirectUris, List<String> scopes, List<ApiProblem.FieldError> errors) {
        if (redirectUris != null) {
            for (int i = 0; i < redirectUris.size(); i++) {
                ProblemText problem = redirectProblem(redirectUris.get(i));
                if (problem != null) {
                    errors.add(new ApiProblem.FieldError("redirectUris[" + i + "]", problem));
                }
            }
        }
        if (scopes != null) {
            for (int i = 0; i < scopes.size(); i++) {
                if (IntegrationScope.fromKey(scopes.get(i)).isEmpty()) {
                    errors.add(new ApiProblem.FieldError("scopes[" + i + "]", "unknown scope; one of {0}", known()));
                }
            }
        }
    }

    /** Why the address cannot receive codes: HTTPS, or HTTP on this machine for development. */
    private static ProblemText redirectProblem(String uri) {
        try {
            URI parsed = new URI(uri);
            if (parsed.getFragment() != null) {
                return ProblemText.of("must not carry a fragment");
            }
            if ("https".equals(parsed.getScheme()) && parsed.getHost() != null) {
                return null;
            }
            if ("http".equals(parsed.getScheme())
                    && ("localhost".equals(parsed.getHost()) || "127.0.0.1".equals(parsed.getHost()))) {
                return null;
            }
            return ProblemText.of("must be an https address (or http on localhost)");
        } catch (URISyntaxException e) {
            return ProblemText.of("not an address");
        }
    }

    private static String known() {
        return String.join(
                ", ",
                IntegrationScope.values().stream().map(IntegrationScope::key).toList());
    }
}
